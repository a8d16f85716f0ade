from .funding import CostLine, PersonalBudget
from .placement import Placement
from .setting import Setting

__all__ = ["CostLine", "PersonalBudget", "Placement", "Setting"]
