"""Send a transactional file's statements to the server in pipelined batches.

One round trip per statement, as `psql -f` does, spends most of a large file's time waiting on the
network and on process switches. In libpq's pipeline mode the statements of a batch go out
together and their results come back in order, so the first failed result still names the exact
statement, as statement-by-statement execution does. Each statement is its own Parse/Bind/Execute
(the extended protocol, one statement each), and the server resets `statement_timeout` after every
Execute, so timeouts stay per statement. Only used inside the file's transaction: outside one,
the statements of a batch would share an implicit transaction, which `CONCURRENTLY` forbids.
"""

from __future__ import annotations

import select
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

    Connection = psycopg.Connection[tuple[object, ...]]

# A batch ends at whichever comes first; small enough that progress moves and no buffer grows large.
BATCH_STATEMENTS = 200
BATCH_BYTES = 256 * 1024
# How often a wait wakes up to report progress (elapsed time) while the server works.
TICK_SECONDS = 0.25
_TRANSACTION_ENDING_TAGS = frozenset({b"COMMIT", b"ROLLBACK", b"PREPARE TRANSACTION"})


class StatementFailedError(Exception):
    """Statement `index` failed (or ended the transaction, `error` None); statements after it did not run."""

    def __init__(self, index: int, error: psycopg.Error | None) -> None:
        super().__init__(str(error) if error else "transaction ended")
        self.index = index
        self.error = error


def execute_in_transaction(
    conn: Connection,
    statements: Sequence[bytes],
    progress: Callable[[int], None] | None = None,
    *,
    each_result: bool = False,
) -> None:
    """Run `statements` in the open transaction of `conn`, in order, stopping at the first failure.

    `progress(done)` is called after each batch and periodically while waiting. The server sends
    its results when a batch ends; `each_result` asks it to send each one as soon as it is ready
    (a Flush after each statement), so that a live display can name the statement running, at the
    cost of one more write on each side per statement. Raises
    StatementFailedError naming the failed statement; the transaction is then aborted and the
    caller rolls it back. A KeyboardInterrupt cancels the running statement and closes `conn`.
    """

    import psycopg

    pgconn = conn.pgconn
    done = 0
    pgconn.enter_pipeline_mode()
    try:
        while done < len(statements):
            batch_end = _batch_end(statements, done)
            for text in statements[done:batch_end]:
                pgconn.send_query_params(text, None)
                if each_result:
                    pgconn.send_flush_request()
            pgconn.pipeline_sync()
            _flush(pgconn)
            failure = _collect(conn, done, progress)
            if failure is not None:
                raise failure
            done = batch_end
            if progress:
                progress(done)
    except KeyboardInterrupt:
        with suppress(Exception):
            conn.cancel_safe(timeout=5.0)
        conn.close()
        raise
    finally:
        if not conn.closed:
            try:
                pgconn.exit_pipeline_mode()
            except psycopg.Error:  # results left unread: only after a lost connection; it is unusable
                conn.close()


def _batch_end(statements: Sequence[bytes], start: int) -> int:
    end = start
    size = 0
    limit = min(len(statements), start + BATCH_STATEMENTS)
    while end < limit and (end == start or size + len(statements[end]) <= BATCH_BYTES):
        size += len(statements[end])
        end += 1
    return end


def _collect(conn: Connection, start: int, progress: Callable[[int], None] | None) -> StatementFailedError | None:
    """Read the results of the batch that starts at `start`, up to its sync; the first failure, if any."""
    import psycopg
    from psycopg import errors, pq

    pgconn = conn.pgconn
    failure: StatementFailedError | None = None
    ended: int | None = None
    index = start
    while True:
        try:
            result = _next_result(pgconn, progress, index)
        except psycopg.OperationalError as exc:  # the connection was lost while statement `index` ran
            return failure or StatementFailedError(index, exc)
        if result is None:  # the end of one statement's results
            if pgconn.status == pq.ConnStatus.BAD:
                lost = psycopg.OperationalError("the connection to the server was lost")
                return failure or StatementFailedError(index, lost)
            index += 1
            continue
        status = result.status
        if status == pq.ExecStatus.PIPELINE_SYNC:
            if failure is None and pgconn.transaction_status != pq.TransactionStatus.INTRANS:
                # Something ended the file's transaction; later statements of the batch ran outside it.
                failure = StatementFailedError(ended if ended is not None else index - 1, None)
            return failure
        if status == pq.ExecStatus.FATAL_ERROR and failure is None:
            failure = StatementFailedError(index, errors.error_from_result(result, encoding=conn.info.encoding))
        elif ended is None and (result.command_status or b"") in _TRANSACTION_ENDING_TAGS:
            ended = index  # a candidate: "ROLLBACK" is also the tag of ROLLBACK TO SAVEPOINT
        if status in (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_OUT, pq.ExecStatus.COPY_BOTH):
            raise RuntimeError("COPY reached a pipeline; the caller must not send it here")  # pragma: no cover


def _next_result(
    pgconn: psycopg.pq.abc.PGconn, progress: Callable[[int], None] | None, done: int
) -> psycopg.pq.abc.PGresult | None:
    """The next result, waiting on the socket (interruptible by Ctrl-C) rather than blocking in libpq."""
    while pgconn.is_busy():
        ready, _, _ = select.select([pgconn.socket], [], [], TICK_SECONDS)
        if ready:
            pgconn.consume_input()
        elif progress:
            progress(done)
    return pgconn.get_result()


def _flush(pgconn: psycopg.pq.abc.PGconn) -> None:
    """Send what libpq buffered; read meanwhile so that a server blocked on its output can go on."""
    while pgconn.flush() != 0:
        readable, _, _ = select.select([pgconn.socket], [pgconn.socket], [], TICK_SECONDS)
        if readable:
            pgconn.consume_input()
