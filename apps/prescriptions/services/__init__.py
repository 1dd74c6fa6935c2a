from .coverage import CoverageResult, prescription_coverage_claim, prescription_coverage_release
from .expiry import prescription_expire_overdue
from .review import CoveredItem, prescription_approve, prescription_reject
from .upload import prescription_create, prescription_delete

__all__ = [
    "CoverageResult",
    "CoveredItem",
    "prescription_approve",
    "prescription_coverage_claim",
    "prescription_coverage_release",
    "prescription_create",
    "prescription_delete",
    "prescription_expire_overdue",
    "prescription_reject",
]
