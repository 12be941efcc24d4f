"""Writes the search records into a Pagefind index inside a built site.

Pagefind splits the index into small fragments, so a query downloads only the words and
results it needs instead of one file holding the whole archive; why it was chosen over the
theme's own search and over an index of our own is set out in docs/search.md. The binary comes
from the `pagefind_bin` wheel on PyPI; nothing is downloaded at build time.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import shutil
from collections.abc import Coroutine, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .searchrecords import SearchRecord

FOLDER = "pagefind"  # the items, with their facets
PAGES_FOLDER = "pagefind-pages"  # meetings, countries, themes, organisations and processes, by name
LANGUAGE = "en"


BATCH = 500  # records in flight at once: keeps the pipe to the indexer full without flooding it
WRITE_TIMEOUT = 120.0  # seconds the indexer may take to get its files onto the disk after it says they are written


def _service() -> Any:
    """Pagefind's own service client, minus its pause before reading each reply.

    The client sleeps 0.1 s before it reads each reply, which caps indexing at ten records a
    second (seven hours for 250,000 items); reading as soon as a reply arrives indexes
    thousands a second. The protocol is unchanged: base64 JSON messages ended by commas.
    """
    from pagefind.service import PagefindService  # imported late: only a build needs it

    class Service(PagefindService):
        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            while True:
                output = await self._backend.stdout.readuntil(b",")
                reply = json.loads(base64.b64decode(output[:-1]))
                future = self._responses.get(reply.get("message_id")) if reply else None
                if future is None or future.done():
                    continue
                payload = reply["payload"]
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(f"pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

    return Service()


def _open_in(pid: int, folders: list[Path]) -> list[str] | None:
    """Files under `folders` the process still has open, or None where /proc cannot tell."""
    fds = Path(f"/proc/{pid}/fd")
    if not fds.is_dir():
        return None
    inside = [str(folder.resolve()) + "/" for folder in folders]
    open_files = []
    for fd in fds.iterdir():
        try:
            target = str(fd.readlink())
        except OSError:  # closed while we looked
            continue
        open_files += [target for prefix in inside if target.startswith(prefix)]
    return open_files


def _entries_readable(folders: list[Path]) -> bool:
    try:
        return all("languages" in json.loads((f / "pagefind-entry.json").read_bytes()) for f in folders)
    except (OSError, ValueError):
        return False


async def _written(pid: int, folders: list[Path]) -> None:
    """Wait until the indexer's files are on the disk.

    Pagefind answers "written" as soon as it has handed each file's bytes to a background
    writer, not when they reach the disk; closing the service then kills the writers and
    leaves empty or cut-short files. A file is complete once the indexer has closed it, which
    /proc shows on Linux; elsewhere the entry file, written among the last, is waited for.
    """
    deadline = asyncio.get_running_loop().time() + WRITE_TIMEOUT
    while True:
        still_open = _open_in(pid, folders)
        if (still_open == [] or still_open is None) and _entries_readable(folders):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"pagefind did not finish writing {still_open or folders} in {WRITE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)


async def _write(records: Iterable[SearchRecord], outputs: dict[str, Path]) -> int:
    service = await _service().launch()
    count = 0
    pending: list[Coroutine[Any, Any, Any]] = []
    try:
        indexes = {kind: await service.create_index({"force_language": LANGUAGE}) for kind in outputs}
        for record in records:
            index = indexes[record.kind]
            pending.append(index.add_custom_record(url=record.url, content=record.content, language=LANGUAGE,
                                                   meta=record.meta, filters=record.filters or None,
                                                   sort=record.sort or None))
            if len(pending) >= BATCH:
                count += len(await asyncio.gather(*pending))
                pending = []
        count += len(await asyncio.gather(*pending))
        for kind, index in indexes.items():
            await index.write_files(output_path=str(outputs[kind]))
        await _written(service._backend.pid, list(outputs.values()))
    finally:
        for unsent in pending:  # records read before a failure were never sent: say so quietly
            if inspect.getcoroutinestate(unsent) == inspect.CORO_CREATED:
                unsent.close()
        await service.close()
    return count


def write_index(records: Iterable[SearchRecord], site_dir: Path) -> int:
    """Replace `site_dir/pagefind/` and `site_dir/pagefind-pages/` with fresh indexes of `records`.

    Returns how many records were indexed. Both are written beside the site first and swapped in
    only when complete, so a failed run leaves the previous index as it was.
    """
    from .searchrecords import ITEM, PAGE

    folders = {ITEM: FOLDER, PAGE: PAGES_FOLDER}
    staging = {kind: site_dir / f".{folder}-new" for kind, folder in folders.items()}
    for path in staging.values():
        shutil.rmtree(path, ignore_errors=True)
    try:
        count = asyncio.run(_write(records, staging))
    except BaseException:
        for path in staging.values():  # one index may have been written before the other failed
            shutil.rmtree(path, ignore_errors=True)
        raise
    for kind, folder in folders.items():
        shutil.rmtree(site_dir / folder, ignore_errors=True)
        staging[kind].rename(site_dir / folder)
    return count
