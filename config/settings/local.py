"""Development and the embedded `make run` shop. DEBUG is on only when asked (DJANGO_DEBUG=1)."""

from .base import *
