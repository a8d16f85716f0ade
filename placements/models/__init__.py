from .funding import CostLine, PersonalBudget
from .placement import NamedSetting, Placement
from .setting import Setting

__all__ = ["CostLine", "NamedSetting", "PersonalBudget", "Placement", "Setting"]
