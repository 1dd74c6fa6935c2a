"""Request ids across Celery: a task queued while answering a request carries that request's id
in a message header, and every log line the worker writes for it shows the same id. Tasks
started by beat or the sweeper log under their own task id instead. Eager tasks (the embedded
shop) run inside the request and keep its id."""

import contextvars

from celery import signals

from .logging import request_id_var

HEADER = "request_id"
_tokens: dict[str, contextvars.Token] = {}


def _add_request_id(headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if headers is not None and request_id != "-":
        headers.setdefault(HEADER, request_id)


def _enter_task(task_id=None, task=None, **kwargs) -> None:
    current = request_id_var.get()
    incoming = task.request.get(HEADER) if task is not None else None
    chosen = incoming or (current if current != "-" else task_id) or "-"
    _tokens[task_id] = request_id_var.set(chosen)


def _leave_task(task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)


def connect() -> None:
    signals.before_task_publish.connect(_add_request_id, weak=False, dispatch_uid="dx-request-id")
    signals.task_prerun.connect(_enter_task, weak=False, dispatch_uid="dx-task-enter")
    signals.task_postrun.connect(_leave_task, weak=False, dispatch_uid="dx-task-leave")
