"""Background work that survives its process (see `queue` for how it runs)."""

from intervoo.jobs.pending import PendingJob, add_pending, list_pending
from intervoo.jobs.queue import JobQueue, open_job_queue

__all__ = ["JobQueue", "PendingJob", "add_pending", "list_pending", "open_job_queue"]
