"""The domain model: frozen attrs classes, no I/O, no formatting beyond labels."""

from .budget import BudgetLine, BudgetPhase, Purpose
from .concept import (
    Concept,
    Edition,
    Field,
    Goal,
    Guidelines,
    Measure,
    MeasureCost,
    Municipality,
    Organization,
    Partner,
    Recommendation,
    Status,
    StatusChange,
)
from .council import Consultation, Decision, Paper, PaperRelation, RelationKind, VoteResult
from .dataset import Dataset
from .indicators import Indicator, Observation, Target
from .money import Money
from .periods import BudgetCadence, BudgetPeriod, DateRange, Precision
from .progress import ConceptBasis, MissingProgress, ProgressRule, StatusDefault
from .review import (
    Due,
    Milestone,
    MilestoneRevision,
    PlannedDate,
    Report,
    ReviewKind,
    ReviewRule,
    Trigger,
)
from .source import Source, SourceKind

__all__ = [
    "BudgetCadence",
    "BudgetLine",
    "BudgetPeriod",
    "BudgetPhase",
    "Concept",
    "ConceptBasis",
    "Consultation",
    "Dataset",
    "DateRange",
    "Decision",
    "Due",
    "Edition",
    "Field",
    "Goal",
    "Guidelines",
    "Indicator",
    "Measure",
    "MeasureCost",
    "Milestone",
    "MilestoneRevision",
    "MissingProgress",
    "Money",
    "Municipality",
    "Observation",
    "Organization",
    "Paper",
    "PaperRelation",
    "Partner",
    "PlannedDate",
    "Precision",
    "ProgressRule",
    "Purpose",
    "Recommendation",
    "RelationKind",
    "Report",
    "ReviewKind",
    "ReviewRule",
    "Source",
    "SourceKind",
    "Status",
    "StatusChange",
    "StatusDefault",
    "Target",
    "Trigger",
    "VoteResult",
]
