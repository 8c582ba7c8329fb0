"""Render orchestration: the command's one reading of the lecture, cut into jobs, run by one pool.

- quality.py: the presets, read once per command; errors.py: what can go wrong, as input
  or as a render.
- lecture_jobs.py: a lecture's scenes as jobs; job.py: a job (its scene's content,
  digests, preset and narration) and what comes back; keys.py: its key and what is stale.
- pool.py: the one worker pool (limit, order, events, dead workers, Ctrl-C, work folders);
  worker.py: one job drawn and published in a worker; jobs.py: render jobs through the
  pool, recorded in the manifest; storyboard_jobs.py: storyboards through the same pool.
- cache.py (keys and the manifest), disk.py, lock.py, orphans.py, schedule.py, status.py,
  narrate.py, cluster.py, and the worker speed-ups (segment_encoder.py, frame_memory.py,
  shared_svg_paths.py, tex_cache.py).

Nothing here knows any particular scene.
"""
