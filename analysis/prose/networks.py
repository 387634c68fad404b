"""The partner networks section: the network drawn, projects that name only their coordinator
and how often coordinators return, what the tables list ([networks])."""

from __future__ import annotations

from ..charts.network import network_projects
from ..metrics.networks import network_numbers
from ..text import Markdown
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    numbers = network_numbers(w.data)
    only = w.key["n_coordinator_only"]
    drawn, left_out = network_projects(w.data)
    if left_out:  # a portfolio: the network of the organisations taking part most
        drawn_sentence = w.text("networks.drawn_some", n_drawn=w.count(len(drawn)),
                                n_total=w.count(len(drawn) + len(left_out)))
    else:
        drawn_sentence = w.text("networks.drawn_all")
    key = "networks.coordinator_only_not_drawn" if left_out else "networks.coordinator_only"
    coordinator_only = w.text(key, n_coordinator_only=w.count(only)) if only else ""
    returns = w.text("networks.returns", n_coordinators=w.count(numbers["n_coordinators"]),
                     n_returning=w.count(numbers["n_returning_coordinators"]),
                     n_led=w.count(numbers["n_projects_by_returning"]),
                     most_led=w.count(numbers["most_led"])) \
        if numbers["n_coordinators"] else w.text("networks.returns_none")
    return {"networks_intro": w.text("networks.intro", drawn_sentence=Markdown(drawn_sentence),
                                     **w.largest_network(),
                                     coordinator_only=Markdown(coordinator_only)),
            "networks_coordinators": returns,
            "networks_roles": w.text("networks.roles")}
