"""Voice packs (真人语音): recorded fragments joined at call time."""

from .engine import PackEngine
from .manifest import REQUIRED, Fragment, Pack, PackError, load_pack

__all__ = ["REQUIRED", "Fragment", "Pack", "PackEngine", "PackError", "load_pack"]
