"""The partner networks section: the largest network and what the sources list ([networks])."""

from __future__ import annotations

from ..text import Markdown
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    only = w.key["n_coordinator_only"]
    coordinator_only = w.text("networks.coordinator_only",
                              n_coordinator_only=w.count(only)) if only else ""
    return {"networks_intro": w.text("networks.intro", **w.largest_network(),
                                     coordinator_only=Markdown(coordinator_only)),
            "networks_roles": w.text("networks.roles")}
