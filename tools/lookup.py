"""Names a conversation needs: the hubs, regions and customers of a scenario's network."""

from __future__ import annotations

from pydantic import BaseModel

from storage import Database
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, version_network


class HubName(BaseModel):
    """A hub as people name it."""

    id: str
    name: str
    region: str
    kind: str = "hub"


class NetworkNames(BaseModel):
    """Every name a question may use for one network version."""

    network: str
    hubs: list[HubName]
    regions: list[str]
    customers: list[str]
    carriers: list[str] = []
    """The carrier kinds of its lanes ('contract', 'own'), so a rate change naming none can be
    asked about when there are several."""


def network_names(
    db: Database, actor: UserRef, scenario: ScenarioRef | None = None, n: int | None = None
) -> NetworkNames:
    """Hub ids/names/regions and customers of a version (live's head by default)."""
    net = version_network(db, actor, scenario if scenario is not None else LIVE, n)
    return NetworkNames(
        network=net.name,
        hubs=[HubName(id=h.id, name=h.name, region=h.region, kind=h.kind.value) for h in net.hubs],
        regions=list(net.regions),
        customers=sorted({d.customer for d in net.demands if d.customer}),
        carriers=sorted({lane.carrier.value for lane in net.lanes}),
    )
