from .coverage import CoverageResult, prescription_coverage_claim, prescription_coverage_release

__all__ = ["CoverageResult", "prescription_coverage_claim", "prescription_coverage_release"]
