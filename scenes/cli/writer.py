"""The output folder's one writer: a render holds its lock, and disk faults are one sentence.

`lecture render` and `lecture watch` run their renders through `as_sole_writer`: it waits
for (or, with --no-wait, refuses) another run on the same folder, and turns a full,
read-only or unwritable output folder into one sentence and exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from scenes.cli.common import EXIT_INTERRUPTED, INTERRUPTED
from scenes.render import disk
from scenes.render.lock import OutputBusyError, output_locks

EXIT_REFUSED = 1


def as_sole_writer(
    run: Callable[[], int],
    roots: Iterable[Path],
    *,
    wait: bool = True,
    catch_interrupt: bool = True,
) -> int:
    """`run()`'s exit code, run while holding the output folders' locks; 1 when refused.

    Ctrl-C ends it with one sentence and exit code 130 (`catch_interrupt=False`: the
    KeyboardInterrupt goes on to the caller, as `watch` wants).
    """
    roots = list(roots)
    try:
        with output_locks(roots, wait=wait, say=click.echo):
            return run()
    except KeyboardInterrupt:
        if not catch_interrupt:
            raise
        click.echo(f"\n{INTERRUPTED}", err=True)
        return EXIT_INTERRUPTED
    except (OutputBusyError, disk.DiskError) as error:
        click.echo(f"Error: {error}", err=True)
    except OSError as error:  # e.g. the manifest could not be saved
        fault = disk.disk_fault(error)
        if fault is None:
            raise
        click.echo(f"Error: {disk.fault_sentence(fault, roots[0])}", err=True)
    return EXIT_REFUSED
