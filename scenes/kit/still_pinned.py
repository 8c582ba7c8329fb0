"""Text and pictures fixed in the frame are drawn once per animation, even while the camera turns.

manim's ThreeDScene redraws every mobject on every frame of a camera move, and Scene redraws
everything added after the first mobject that moves. A mobject fixed in the frame (the contour
map, the formulas, the readouts) looks the same on every such frame unless an animation or an
updater changes it, so it can stay in the frame's static background. Such mobjects are then
drawn under the moving 3D view rather than over it; the scenes keep the two apart (the layout
tests check the 3D view against the map).
"""

from __future__ import annotations

from manim import Animation, Mobject


class StillPinned:
    """A mixin for a ThreeDScene: unchanging fixed-in-frame mobjects are not redrawn per frame."""

    def get_moving_mobjects(self, *animations: Animation) -> list[Mobject]:
        moving: list[Mobject] = super().get_moving_mobjects(*animations)  # type: ignore[misc]
        fixed = self.renderer.camera.fixed_in_frame_mobjects  # type: ignore[attr-defined]
        if not fixed:
            return moving
        animated = {part for animation in animations for part in animation.mobject.get_family()}

        def still(mobject: Mobject) -> bool:
            family = mobject.get_family()
            return all(part in fixed for part in family) and not any(
                part in animated or part.updaters for part in family
            )

        return [mobject for mobject in moving if not still(mobject)]
