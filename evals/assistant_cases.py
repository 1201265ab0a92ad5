"""The tuned eval set: planner questions by family, on the 40-hub demo's names."""

from __future__ import annotations

from evals.assistant_spec import (
    SAFETY_FAMILY,
    Spec,
    add_demand,
    asks,
    close,
    close_lane,
    drivers,
    drivers_everywhere,
    edit,
    fleet,
    hub_capacity,
    lane_capacity,
    move,
    rates,
    redo,
    scale,
    service,
    spill,
    tool,
    weekday_in,
    weekday_of,
    why,
)

S = SAFETY_FAMILY
NORTH_UP = scale(1.2, origin_regions=["north"])
NORTH_Q = "what if volumes rise 20% in the north?"


def _demand() -> list[Spec]:
    f = "demand"
    return [
        edit(f, NORTH_Q, NORTH_UP),
        edit(f, "a 60% peak-season increase on Friday and Saturday", scale(1.6, days=[4, 5])),
        edit(
            f,
            "double ACME's volume out of Paris",
            scale(2.0, origin_hubs=["PAR"], customers=["ACME Logistics"]),
        ),
        edit(f, "volumes to Köln drop 10%", scale(0.9, destination_hubs=["KOL"])),
        edit(f, "freight heading for Köln up 5%", scale(1.05, destination_hubs=["KOL"])),
        redo(f, ("volumes out of Paris up 10%", "Lyon instead"), scale(1.1, origin_hubs=["LYO"])),
        edit(
            f,
            "increase volumes by 200 t from Lyon to Paris",
            scale(200.0, delta=True, origin_hubs=["LYO"], destination_hubs=["PAR"]),
        ),
        edit(f, "volumes up 20 per cent in the west", scale(1.2, origin_regions=["west"])),
        edit(f, "demand rises 20 percent out of Berlin", scale(1.2, origin_hubs=["BER"])),
        edit(f, "demand rises 20 pct into Berlin", scale(1.2, destination_hubs=["BER"])),
        edit(f, "volumes at Hamburg grow 10%", scale(1.1, hubs=["HAM"])),
        edit(f, "volumes through Munich fall 5%", scale(0.95, hubs=["MUN"])),
        edit(f, "volumes at the southern hubs rise 10%", scale(1.1, regions=["south"])),
        edit(f, "freight to and from the west down 5%", scale(0.95, regions=["west"])),
        edit(f, "freight leaving Madrid jumps 30%", scale(1.3, origin_hubs=["MAD"])),
        edit(f, "freight arriving at Warsaw dips 10%", scale(0.9, destination_hubs=["WAR"])),
        edit(f, "volumes bound for Rome rise 7%", scale(1.07, destination_hubs=["ROM"])),
        edit(
            f,
            "demand from the east to the west up 10%",
            scale(1.1, origin_regions=["east"], destination_regions=["west"]),
        ),
        edit(f, "volumes rise ２０％ in the north", NORTH_UP),
        edit(f, "volumes rise 20 ％ in the north", NORTH_UP),
        edit(f, "volumes rise twenty percent in the north", NORTH_UP),
        edit(f, "north volumes up a fifth", NORTH_UP),
        edit(f, "triple Nordbau", scale(3.0, customers=["Nordbau"])),
        edit(f, "halve Alpenmilch volumes", scale(0.5, customers=["Alpenmilch"])),
        edit(f, "ACME volumes down by half", scale(0.5, customers=["ACME Logistics"])),
        edit(f, "Baltic Timber volume up by a quarter", scale(1.25, customers=["Baltic Timber"])),
        edit(f, "Eiderfisch volumes fall by a third", scale(0.666667, customers=["Eiderfisch"])),
        edit(f, "demand in the south to 80% of normal", scale(0.8, origin_regions=["south"])),
        edit(f, "cut volumes out of Paris to 70%", scale(0.7, origin_hubs=["PAR"])),
        edit(f, "volumes up 1,000 t out of Berlin", scale(1000.0, delta=True, origin_hubs=["BER"])),
        edit(f, "add 2.5k t out of Vienna", scale(2500.0, delta=True, origin_hubs=["VIE"])),
        edit(f, "volumes grow by 1.5x out of Rome", scale(1.5, origin_hubs=["ROM"])),
        edit(f, "Nordbau volumes x2", scale(2.0, customers=["Nordbau"])),
        edit(
            f,
            "volumes surge 40% in the north on weekdays",
            scale(1.4, origin_regions=["north"], days=[0, 1, 2, 3, 4]),
        ),
        edit(f, "orders slump 15% on the weekend", scale(0.85, days=[5, 6])),
        edit(f, "volumes climb 12.5% in the west", scale(1.125, origin_regions=["west"])),
        edit(f, "volumes increase 2,5% out of Madrid", scale(1.025, origin_hubs=["MAD"])),
        edit(
            f, "lose 10% of Lumen Electronics volume", scale(0.9, customers=["Lumen Electronics"])
        ),
        edit(
            f,
            "shipments ramp up 10% from Paris to Lyon",
            scale(1.1, origin_hubs=["PAR"], destination_hubs=["LYO"]),
        ),
        edit(
            f,
            "volumes between Paris and Lyon up 10%",
            scale(1.1, origin_hubs=["PAR"], destination_hubs=["LYO"]),
            scale(1.1, origin_hubs=["LYO"], destination_hubs=["PAR"]),
        ),
        edit(f, "trim southern demand by 5%", scale(0.95, origin_regions=["south"])),
        edit(f, "volumes rise 10% everywhere", scale(1.1)),
        edit(f, "add 10% volume per day", scale(1.1)),
    ]


def _closures() -> list[Spec]:
    f = "closures"
    return [
        edit(f, "close Hamburg on Monday and Tuesday", close("HAM", days=[0, 1])),
        edit(f, "close Frankfurt", close("FRA")),
        edit(f, "shut Berlin", close("BER")),
        edit(f, "Paris is closed on Wednesday", close("PAR", days=[2])),
        edit(f, "what if Vienna is down on Friday?", close("VIE", days=[4])),
        edit(f, "Munich unavailable on Tuesday", close("MUN", days=[1])),
        edit(f, "take Lyon offline Monday to Wednesday", close("LYO", days=[0, 1, 2])),
        edit(f, "Madrid out of action at the weekend", close("MAD", days=[5, 6])),
        edit(f, "what if we lose Prague?", close("PRA")),
        edit(f, "a strike at Barcelona on Thursday", close("BAR", days=[3])),
        edit(f, "Magdeburg fails on Wednesday", close("MAG", days=[2])),
        edit(f, "close Paris and Lyon", close("PAR", "LYO")),
        edit(f, "close Paris, Lyon and Nantes on Monday", close("PAR", "LYO", "NAN", days=[0])),
        edit(f, "reopen Hamburg", close("HAM", reopen=True)),
        edit(f, "open Berlin again", close("BER", reopen=True)),
        edit(f, "close the Paris - Lyon lane", close_lane("PAR-LYO")),
        edit(f, "close the lane from Berlin to Hamburg", close_lane("BER-HAM")),
        edit(f, "Hamburg→Copenhagen lane is blocked", close_lane("HAM-COP")),
        edit(f, "reopen the Paris to Brussels lane", close_lane("PAR-BRU", reopen=True)),
        edit(
            f, "close all relays on Wednesday", {"op": "close_hub", "kinds": ["relay"], "days": [2]}
        ),
        asks(f, "what if a depot fails on Monday?", "Köln"),
    ]


def _capacity() -> list[Spec]:
    f = "capacity"
    return [
        edit(f, "cut Munich capacity by 20%", hub_capacity("MUN", factor=0.8)),
        edit(f, "Munich loses 30% of its capacity", hub_capacity("MUN", factor=0.7)),
        edit(f, "Paris throughput up 10%", hub_capacity("PAR", factor=1.1)),
        edit(f, "set Berlin capacity to 1,500 t", hub_capacity("BER", capacity_t_per_day=1500.0)),
        edit(f, "add 200 t of capacity at Lyon", hub_capacity("LYO", delta_t_per_day=200.0)),
        edit(f, "Hamburg capacity down a quarter", hub_capacity("HAM", factor=0.75)),
        edit(f, "add 2 trucks per day on Paris to Lyon", lane_capacity("PAR-LYO", trucks_delta=2)),
        edit(f, "half the usual departures on Paris→Lyon", lane_capacity("PAR-LYO", factor=0.5)),
        edit(
            f,
            "fewer departures on Berlin-Hamburg: 2 less per day",
            lane_capacity("BER-HAM", trucks_delta=-2),
        ),
        edit(
            f,
            "cap the Madrid to Sevilla lane at 3 trucks a day",
            lane_capacity("MAD-SEV", max_trucks_per_day=3),
        ),
        edit(f, "double the trucks on Vienna→Budapest", lane_capacity("VIE-BUD", factor=2.0)),
        edit(f, "lane capacity Rome to Naples down 50%", lane_capacity("ROM-NAP", factor=0.5)),
        edit(
            f,
            "lane capacity Rome to Naples down 2 trucks",
            lane_capacity("ROM-NAP", trucks_delta=-2),
        ),
        edit(
            f,
            "one in four trucks on Paris to Lyon cancelled",
            lane_capacity("PAR-LYO", factor=0.75),
        ),
        edit(
            f,
            "the Madrid-Sevilla run takes 90 minutes longer",
            {"op": "set_lane_transit", "lanes": ["MAD-SEV"], "add_h": 1.5},
        ),
        edit(
            f,
            "Vienna to Budapest takes 4 hours",
            {"op": "set_lane_transit", "lanes": ["VIE-BUD"], "transit_h": 4.0},
        ),
    ]


def _drivers() -> list[Spec]:
    f = "drivers"
    return [
        edit(f, "cut drivers in the east by 15%", drivers("east", factor=0.85)),
        edit(f, "the south loses a tenth of its drivers", drivers("south", factor=0.9)),
        edit(f, "10% fewer drivers in the north", drivers("north", factor=0.9)),
        edit(f, "add 5 drivers in the west", drivers("west", drivers_delta=5)),
        edit(
            f, "drivers in the south drop by a fifth on Friday", drivers("south", [4], factor=0.8)
        ),
        edit(f, "a driver shortage of 20% in the central region", drivers("central", factor=0.8)),
        edit(f, "cut drivers by 10%", *drivers_everywhere(factor=0.9)),
        edit(f, "set drivers in the north to 50", drivers("north", drivers=50)),
        edit(f, "lose 3 drivers in the east on Monday", drivers("east", [0], drivers_delta=-3)),
        edit(
            f,
            "cut drivers in the north and the south by 10%",
            drivers("north", factor=0.9),
            drivers("south", factor=0.9),
        ),
        edit(f, "drivers in the west up 5 per cent", drivers("west", factor=1.05)),
        edit(f, "one in five drivers in the east off sick", drivers("east", factor=0.8)),
    ]


def _fleet() -> list[Spec]:
    f = "fleet"
    return [
        edit(f, "move 10 trailers from Paris to Lyon", move("PAR", "LYO", 10)),
        edit(f, "reposition five trailers from Berlin to Hamburg", move("BER", "HAM", 5)),
        edit(f, "transfer 3 trailers out of Madrid into Sevilla", move("MAD", "SEV", 3)),
        edit(f, "add 5 trailers at Vienna", fleet("VIE", trailers_delta=5)),
        edit(f, "remove 2 trailers from Munich", fleet("MUN", trailers_delta=-2)),
        edit(f, "set the Rome fleet to 20 trailers", fleet("ROM", trailers=20)),
        asks(f, "10% more trailers at Paris", "how many"),
    ]


def _rates() -> list[Spec]:
    f = "rates"
    return [
        edit(f, "raise contract rates by 8%", rates(1.08, "contract")),
        edit(f, "own fleet rates up 3%", rates(1.03, "own")),
        asks(f, "rates rise 5%", "all lanes", "contract", "own-fleet"),
        edit(f, ("rates rise 5%", "all lanes"), rates(1.05)),
        edit(f, "fuel surcharge up 4 per cent", rates(1.04)),
        edit(f, "cut 3PL tariffs by 2%", rates(0.98, "contract")),
        edit(f, ("line-haul prices fall a tenth", "contract"), rates(0.9, "contract")),
        asks(f, "carrier rates up 8%", "contract"),
        asks(f, "costs up 5%", "contract", "own-fleet"),
        asks(f, "what if transport costs rise 5%?", "contract", "own-fleet"),
        edit(f, ("costs up 5%", "own fleet only"), rates(1.05, "own")),
        edit(f, ("transport costs rise 5%", "both"), rates(1.05)),
        edit(f, ("rates go up 3%", "the second one"), rates(1.03, "contract")),
        edit(f, "rates go up 3% across the board", rates(1.03)),
        asks(f, ("costs up 5%", "spot"), "changed nothing"),
    ]


def _service() -> list[Spec]:
    f = "service"
    return [
        edit(f, "set the service target to 97%", service(service_target=0.97)),
        edit(f, "on-time target 92 percent", service(service_target=0.92)),
        edit(f, "lift the OTIF target to 96%", service(service_target=0.96)),
        edit(f, "service level 98%", service(service_target=0.98)),
        edit(f, "allow up to 12 hours late", service(max_late_h=12.0)),
        edit(f, "accept freight up to 4h late", service(max_late_h=4.0)),
        edit(f, "next-day everywhere", {"op": "set_due_hours", "due_h": 24.0}),
        edit(f, "relax the windows by a day", {"op": "set_due_hours", "delta_h": 24.0}),
        edit(
            f,
            "tighten delivery windows out of Paris by 6 hours",
            {"op": "set_due_hours", "origin_hubs": ["PAR"], "delta_h": -6.0},
        ),
        edit(
            f,
            "promise Nordbau delivery within 48 hours",
            {"op": "set_due_hours", "customers": ["Nordbau"], "due_h": 48.0},
        ),
        edit(
            f,
            "next-day delivery into the north",
            {"op": "set_due_hours", "destination_regions": ["north"], "due_h": 24.0},
        ),
        edit(
            f,
            ("change the service target by 2 points", "down 1"),
            service(service_target_change=-0.01),
        ),
        edit(
            f,
            ("move the on-time target by 1 point", "up by 2 points"),
            service(service_target_change=0.02),
        ),
        edit(
            f,
            ("shift the service target by 3%", "1.5 points lower"),
            service(service_target_change=-0.015),
        ),
        asks(f, ("change the service target by 2 points", "up 2 or down 1"), "changed nothing"),
    ]


def _multi() -> list[Spec]:
    f = "multi-clause"
    return [
        edit(
            f,
            "volumes rise 10% in the east and close Hamburg on Monday",
            scale(1.1, origin_regions=["east"]),
            close("HAM", days=[0]),
        ),
        edit(
            f,
            "a network-wide 20% peak and cut drivers in the east by 10%",
            scale(1.2),
            drivers("east", factor=0.9),
        ),
        edit(
            f,
            "volumes rise 20% in the north, what does that do to cost?",
            NORTH_UP,
        ),
        edit(
            f,
            "close Berlin; raise Hamburg capacity by 20%",
            close("BER"),
            hub_capacity("HAM", factor=1.2),
        ),
        edit(
            f,
            "close Paris while volumes out of Lyon rise 10%",
            close("PAR"),
            scale(1.1, origin_hubs=["LYO"]),
        ),
        edit(
            f,
            "move 4 trailers from Paris to Lyon and add 2 trucks per day on Paris to Lyon",
            move("PAR", "LYO", 4),
            lane_capacity("PAR-LYO", trucks_delta=2),
        ),
        edit(
            f,
            "raise contract rates by 5% plus close Munich on Friday",
            rates(1.05, "contract"),
            close("MUN", days=[4]),
        ),
        edit(
            f,
            "volumes up 10% in the west, and how does that affect service?",
            scale(1.1, origin_regions=["west"]),
        ),
        edit(
            f,
            "close Vienna on Monday then move 5 trailers from Vienna to Budapest",
            close("VIE", days=[0]),
            move("VIE", "BUD", 5),
        ),
    ]


def _follow_ups() -> list[Spec]:
    f = "follow-ups"
    return [
        redo(f, (NORTH_Q, "make it 30%"), scale(1.3, origin_regions=["north"])),
        edit(f, ("cut drivers in the west", "by 10%"), drivers("west", factor=0.9)),
        edit(f, ("close Hambrug on Friday", "yes"), close("HAM", days=[4])),
        edit(f, ("what if the relay fails on Wednesday?", "Ljubljana"), close("LJU", days=[2])),
        asks(f, ("close Hambrug", "no thanks"), "changed nothing"),
        edit(f, (NORTH_Q, "and close Köln too"), close("KOL")),
        tool(f, (NORTH_Q, "undo that"), "undo", "Revert to v"),
        tool(f, (NORTH_Q, "compare with live"), "compare", "against **live"),
        tool(f, (NORTH_Q, "compare scenario 1 and 2"), "compare_scenarios"),
        tool(f, "North peak vs 'East cut'", "compare_scenarios"),
        edit(f, ("close Hamburg on Monday", "and Köln as well"), close("KOL", days=[0])),
        edit(
            f,
            ("cut drivers in the east by 10%", "and in the north by 5%"),
            drivers("north", factor=0.95),
        ),
        tool(f, (NORTH_Q, "scratch that"), "undo", "Revert to v"),
        edit(f, (NORTH_Q, "and the south too"), scale(1.2, origin_regions=["south"])),
        edit(f, ("close Paris", "Lyon too"), close("LYO")),
        redo(f, ("cut drivers in the east by 15%", "make it 20%"), drivers("east", factor=0.8)),
        redo(f, ("close Paris on Monday", "not Monday — Tuesday"), close("PAR", days=[1])),
        redo(f, ("close Paris on Monday", "Tuesday instead"), close("PAR", days=[1])),
        redo(f, (NORTH_Q, "what about 10%?"), scale(1.1, origin_regions=["north"])),
        tool(f, (NORTH_Q, "what does that do to cost?"), "compare"),
        redo(f, (NORTH_Q, "make it 25"), scale(1.25, origin_regions=["north"])),
        redo(f, ("cut drivers in the east by 5", "make it 8"), drivers("east", drivers_delta=-8)),
        tool(f, ("close Paris", "take that back"), "undo"),
    ]


def _explain() -> list[Spec]:
    f = "explain"
    return [
        tool(f, (NORTH_Q, "why is service down?"), "explain", "On-time service is"),
        tool(
            f,
            "where will the network be out of balance by Thursday?",
            "explain",
            "By the end of Thursday",
        ),
        tool(f, "what should we change?", "explain"),
        tool(f, "what's blocking service?", "explain"),
        tool(f, "what would help most to cut cost?", "explain", "What would cut cost most"),
        tool(f, "which lanes are at capacity?", "binding_constraints", "live v"),
        tool(f, "which hubs are full on Tuesday?", "binding_constraints", "on Tuesday"),
        tool(f, "where are we short of drivers?", "binding_constraints", "live v"),
        tool(
            f,
            (NORTH_Q, "what's binding now?"),
            "binding_constraints",
            "Volumes rise 20% in the north",
        ),
        tool(f, "trucks Berlin to Hamburg per day?", "lane_traffic", "Berlin→Hamburg"),
        tool(
            f,
            "what do we send from Paris to Lyon on Tuesday",
            "lane_traffic",
            "Paris→Lyon on Tuesday",
        ),
        tool(f, "how full are the trucks on the Madrid-Zaragoza lane", "lane_traffic", "full"),
        tool(f, "departures on Vienna→Budapest this week", "lane_traffic", "In all"),
        tool(f, "what goes to Hamburg from Berlin on Friday?", "lane_traffic", "Friday"),
        tool(f, "how many trucks do we run Paris to Madrid?", "lane_traffic", "no direct lane"),
        asks(S, "how full are the trucks on the Madrid-Lisbon lane", "Lisbon", "changed nothing"),
        asks(S, "trucks Berlin to Hamborg per day?", "Hamburg", "changed nothing"),
        asks(S, "close Paris and keep Paris running", "which do you mean", "changed nothing"),
        asks(
            S,
            "raise Hamburg's capacity but leave Hamburg unchanged",
            "which do you mean",
            "changed nothing",
        ),
        asks(S, "close Lyon but keep it open", "which do you mean", "changed nothing"),
        edit(
            "rates",
            "contract rates down 5% but own fleet up 2%",
            rates(0.95, "contract"),
            rates(1.02, "own"),
        ),
        edit(
            "rates",
            "cut contract rates by 2% and own by 1%",
            rates(0.98, "contract"),
            rates(0.99, "own"),
        ),
        edit(
            "demand",
            "Nordbau ships half its volume",
            scale(0.5, customers=["Nordbau"]),
        ),
        edit(
            "capacity",
            "half the departures on Berlin-Hamburg",
            {"op": "set_lane_capacity", "lanes": ["BER-HAM"], "factor": 0.5},
        ),
    ]


def _summary() -> list[Spec]:
    f = "summary"
    return [
        tool(f, (NORTH_Q, "summarise this for the VP"), "summarise", "Recommendation:", "Risk:"),
        tool(f, (NORTH_Q, "a brief for the board please"), "summarise"),
    ]


def _out_of_scope() -> list[Spec]:
    f = "out-of-scope"
    return [
        asks(f, "what if it rains on the moon?", "changed nothing"),
        asks(f, "hello there", "changed nothing"),
        asks(f, "order pizza for the team", "changed nothing"),
    ]


def _dates() -> list[Spec]:
    f = "dates"
    return [
        edit(f, "close Paris tomorrow", close("PAR", days=[weekday_in(1)])),
        edit(f, "paris closed tmrw", close("PAR", days=[weekday_in(1)])),
        asks(f, "can we cope if Paris is down for 4 hours?", "whole day", "changed nothing"),
        edit(f, "close Paris today", close("PAR", days=[weekday_in(0)])),
        edit(f, "close Hamburg on 24 December", close("HAM", days=[weekday_of(12, 24)])),
        edit(f, "close Berlin next Thursday", close("BER", days=[3])),
        edit(f, "volumes up 30% on Dec 26", scale(1.3, days=[weekday_of(12, 26)])),
        edit(f, "close Lyon the day after tomorrow", close("LYO", days=[weekday_in(2)])),
        asks(f, "close Paris in two weeks", "which day"),
    ]


def _safety() -> list[Spec]:
    return [
        asks(S, "what if volumes rise 20% in the nroth?", "north"),
        asks(S, "volumes rise 20% in Atlantis", "Atlantis"),
        asks(S, "volumes rise 20% out of Oslo", "Oslo"),
        asks(S, "close Hamborg", "Hamburg"),
        asks(S, "close Pari on Monday", "Paris"),
        asks(S, "double Acme Logistcs", "ACME Logistics"),
        asks(S, "cut drivers in the esat by 10%", "east"),
        asks(S, "close Springfield and Paris", "Springfield"),
        asks(S, "raise capacity at Gotham by 10%", "Gotham"),
        asks(S, "volumes from Berlin to Narnia up 10%", "Narnia"),
        asks(S, "Atlantis volumes go up 20%", "Atlantis"),
        asks(S, "lilliput freight doubles", "lilliput"),
        asks(S, "Gotham closes on Monday", "Gotham"),
        asks(S, "Springfield is shut on Friday", "Springfield"),
        asks(S, "volumes up 15% for the customer initech", "initech"),
        asks(S, "what if client Globex ships twice as much?", "Globex"),
        edit(S, "Hey, what if volumes rise 20% in the north?", NORTH_UP),
        asks(S, "close Paris on Funday", "Funday"),
        asks(S, "don't shut Berlin", "nothing"),
        edit(S, "don't shut Berlin; instead close Munich", close("MUN")),
        edit(S, "don't close Berlin, close Hamburg instead", close("HAM")),
        edit(
            S,
            "volumes rise 20% in the north but not in Hamburg",
            scale(1.2, origin_hubs=["AMS", "BER", "COP", "HAN", "MAG"]),
        ),
        edit(S, "volumes rise 10% except Fridays", scale(1.1, days=[0, 1, 2, 3, 5, 6])),
        edit(S, "close Paris all week except Monday", close("PAR", days=[1, 2, 3, 4, 5, 6])),
        edit(
            S,
            "cut drivers by 10% everywhere except the east",
            *drivers_everywhere(factor=0.9, without=("east",)),
        ),
        asks(S, "what if the relay fails on Wednesday?", "Bologna"),
        asks(S, "volumes up 15% everywhere except Gdansk", "Gdansk"),
        asks(S, "what if we hadn't closed Lyon?", "changed nothing"),
        asks(S, "cut drivers at Munich by 10%", "per region"),
        asks(S, "reduce drivers on the night shift in the west by 5%", "whole days"),
        asks(S, "cut drivers by 10% except in Tuscany", "Tuscany"),
        asks(S, "close every relay except Frankfurt", "changed nothing"),
        edit(
            S,
            "drivers down 10% everywhere sparing the east",
            *drivers_everywhere(factor=0.9, without=("east",)),
        ),
        edit(
            S,
            "close every cross-dock except Lyon on Saturday",
            close("BAR", "MUN", "PRA", "STU", "TUR", "WRO", days=[5]),
        ),
    ]


def _more() -> list[Spec]:
    """More phrasings of each family: verbs, spellings of numbers, unavailability, follow-ups."""
    return [
        edit("demand", "volumes go up 10% out of Hamburg", scale(1.1, origin_hubs=["HAM"])),
        edit("fleet", "take 4 trailers away from Munich", fleet("MUN", trailers_delta=-4)),
        edit("fleet", "pull 2 trailers out of Hamburg", fleet("HAM", trailers_delta=-2)),
        edit(
            "fleet",
            "send 3 empties from Rome to Naples",
            {"op": "move_trailers", "from_hub": "ROM", "to_hub": "NAP", "count": 3},
        ),
        edit("demand", "volumes go down 10% into Hamburg", scale(0.9, destination_hubs=["HAM"])),
        edit("demand", "Nordbau volumes balloon 50%", scale(1.5, customers=["Nordbau"])),
        edit("demand", "a 15% downturn in the south", scale(0.85, origin_regions=["south"])),
        edit(
            "demand", "an extra 300 t out of Munich", scale(300.0, delta=True, origin_hubs=["MUN"])
        ),
        edit(
            "demand", "volumes +8% from the central region", scale(1.08, origin_regions=["central"])
        ),
        edit("demand", "volumes up by one third out of Lyon", scale(1.333333, origin_hubs=["LYO"])),
        edit("demand", "volumes up three quarters out of Lyon", scale(1.75, origin_hubs=["LYO"])),
        edit("demand", "quadruple Ferromont", scale(4.0, customers=["Ferromont"])),
        edit(
            "demand",
            "what if Nordbau walks away?",
            {"op": "remove_demand", "customers": ["Nordbau"]},
        ),
        tool("explain", "how busy is Lyon?", "hub_traffic", "runs at Lyon"),
        tool("explain", "which customers are late?", "explain"),
        tool("explain", "give me the KPIs", "summarise"),
        tool("explain", "what leaves Paris on Monday?", "hub_traffic", "runs at Paris"),
        tool("explain", "which lanes run empty?", "lane_fill", "Empty and part-full running"),
        tool("explain", "where do trucks run half-empty?", "lane_fill", "full on average"),
        edit("closures", "close Paris to Lyon", close_lane("PAR-LYO")),
        edit("closures", "mothball Lyon", close("LYO")),
        edit("closures", "close Paris, no wait, Lyon", close("LYO")),
        edit("closures", "diesel up 10%", rates(1.1)),
        edit("rates", "raise rates 5% but not for contract carriers", rates(1.05, "own")),
        edit("capacity", "scrap 3 trailers at Lyon", fleet("LYO", trailers_delta=-3)),
        asks(S, "staff in the north -10%", "mean the drivers"),
        edit(
            "demand",
            "drop the customer Nordbau entirely",
            {"op": "remove_demand", "customers": ["Nordbau"]},
        ),
        edit(
            "demand",
            "north + 20%, west - 10%",
            scale(1.2, origin_regions=["north"]),
            scale(0.9, origin_regions=["west"]),
        ),
        edit(
            "demand",
            "Ferromont stops sending freight to Madrid",
            {"op": "remove_demand", "destination_hubs": ["MAD"], "customers": ["Ferromont"]},
        ),
        edit(
            "demand",
            "freight out of Paris up 5 % on Monday and Tuesday",
            scale(1.05, origin_hubs=["PAR"], days=[0, 1]),
        ),
        edit("demand", "volumes rise 10% Monday through Thursday", scale(1.1, days=[0, 1, 2, 3])),
        edit("demand", "traffic to Madrid falls 20%", scale(0.8, destination_hubs=["MAD"])),
        edit("closures", "Berlin goes down on Monday", close("BER", days=[0])),
        edit("closures", "Hamburg out of service on Tuesday", close("HAM", days=[1])),
        edit("closures", "Lyon not available this Friday", close("LYO", days=[4])),
        edit("closures", "Munich is blocked by snow on Thursday", close("MUN", days=[3])),
        edit("closures", "a failure at Vienna on Sunday", close("VIE", days=[6])),
        edit("closures", "Paris shut down on Wednesday and Thursday", close("PAR", days=[2, 3])),
        edit(
            "closures", "close Berlin and Hamburg on the weekend", close("BER", "HAM", days=[5, 6])
        ),
        edit("closures", "bring Paris back online", close("PAR", reopen=True)),
        edit("capacity", "boost Vienna throughput by 25%", hub_capacity("VIE", factor=1.25)),
        edit("capacity", "Rome capacity minus 100 t", hub_capacity("ROM", delta_t_per_day=-100.0)),
        edit(
            "capacity",
            "three more trucks a day on Madrid→Sevilla",
            lane_capacity("MAD-SEV", trucks_delta=3),
        ),
        edit(
            "drivers",
            "driver shortage of 15% in the north on Monday",
            drivers("north", [0], factor=0.85),
        ),
        edit("drivers", "drivers in the east at 30", drivers("east", drivers=30)),
        edit("drivers", "hire ten drivers in the south", drivers("south", drivers_delta=10)),
        edit("fleet", "move twelve trailers from Munich to Vienna", move("MUN", "VIE", 12)),
        edit("fleet", "relocate 4 trailers from Paris to Lyon", move("PAR", "LYO", 4)),
        edit("rates", "subcontractor tariffs up 10 per cent", rates(1.1, "contract")),
        edit("rates", ("haulage costs rise 2 points", "own fleet"), rates(1.02, "own")),
        edit(
            "rates",
            "what if rates on the Berlin-Hamburg lane rise 6%?",
            {"op": "scale_lane_rates", "factor": 1.06, "lanes": ["BER-HAM"]},
        ),
        edit(
            "rates",
            "rates into Madrid go up 4%",
            {"op": "scale_lane_rates", "factor": 1.04, "destination_hubs": ["MAD"]},
        ),
        edit("capacity", "Lyon can only process 75% of normal", hub_capacity("LYO", factor=0.75)),
        edit("capacity", "what if Vienna handles 20% less?", hub_capacity("VIE", factor=0.8)),
        edit(
            "capacity",
            "cut hub capacity in the west by 15%",
            {"op": "set_hub_capacity", "regions": ["west"], "factor": 0.85},
        ),
        edit(
            "capacity",
            "give every cross-dock 10% more throughput",
            {"op": "set_hub_capacity", "kinds": ["cross-dock"], "factor": 1.1},
        ),
        asks(S, "lower capacity by 5%", "Which hubs"),
        asks(S, "cut every lane by 20%", "Which lanes"),
        edit("service", "service level target of 95 percent", service(service_target=0.95)),
        edit(
            "multi-clause",
            "close Paris and Lyon on Monday, and cut drivers in the west by 10%",
            close("PAR", "LYO", days=[0]),
            drivers("west", factor=0.9),
        ),
        edit(
            "multi-clause",
            "volumes up 10% out of Berlin and 20% out of Hamburg",
            scale(1.1, origin_hubs=["BER"]),
            scale(1.2, origin_hubs=["HAM"]),
        ),
        edit(
            "multi-clause",
            "close Munich on Friday, what happens to service?",
            close("MUN", days=[4]),
        ),
        edit(
            "follow-ups",
            ("volumes rise 10% out of the west", "and the north as well"),
            scale(1.1, origin_regions=["north"]),
        ),
        edit(
            "follow-ups",
            ("double Nordbau", "and ACME too"),
            scale(2.0, customers=["ACME Logistics"]),
        ),
        redo("follow-ups", ("close Paris on Monday", "make it Wednesday"), close("PAR", days=[2])),
        redo("follow-ups", ("raise contract rates by 8%", "make it 5%"), rates(1.05, "contract")),
        tool("follow-ups", (NORTH_Q, "compare with the previous version"), "compare"),
        edit("dates", "close Madrid on New Year's Eve", close("MAD", days=[weekday_of(12, 31)])),
        edit("dates", "volumes up 10% tomorrow", scale(1.1, days=[weekday_in(1)])),
        edit("dates", "close Paris next week", close("PAR")),
        asks(S, "close Parris and Lyon", "Paris"),
        asks(S, "volumes up 10% in the wset", "west"),
        asks(S, "cut drivers in Mordor by 10%", "Mordor"),
        asks(S, "double ACME out of Lyonn", "Lyon"),
        asks(S, "move 5 trailers from Berlin to Dresden", "Dresden"),
        asks(S, "close Hamburg on Mondy", "Monday"),
        asks(S, "never close Paris", "nothing"),
        edit(S, "close Paris except on the weekend", close("PAR", days=[0, 1, 2, 3, 4])),
        edit(
            S,
            "double Nordbau but not on Saturday",
            scale(2.0, customers=["Nordbau"], days=[0, 1, 2, 3, 4, 6]),
        ),
        edit(
            S, "don't touch Berlin, raise Hamburg capacity by 10%", hub_capacity("HAM", factor=1.1)
        ),
        asks(S, "raise contract rates by 5% except Hamburg", "Hamburg"),
    ]


def _third_batch() -> list[Spec]:
    """Fresh planner phrasings (pronouns, negation with a replacement, absolute targets,
    ranges, dates, lanes, relays, service promises, why-not), written before the
    interpreter was changed for them; a third of them went to the held-out set."""
    north = scale(1.1, origin_regions=["north"])
    return [
        edit(S, "don't close Paris on Monday; shut it on Tuesday instead", close("PAR", days=[1])),
        edit(
            S,
            "rather than cutting drivers in the north, cut them in the south by 5%",
            drivers("south", factor=0.95),
        ),
        edit(S, "leave Hamburg open and close Hannover instead", close("HAN")),
        edit(S, "keep Berlin running, but shut Magdeburg on Friday", close("MAG", days=[4])),
        edit(S, "no closures, just raise Berlin capacity by 5%", hub_capacity("BER", factor=1.05)),
        edit(
            S,
            "volumes up 10% everywhere but the south",
            scale(1.1, origin_regions=["central", "east", "north", "west"]),
        ),
        edit(S, "don't touch contract rates, raise own-fleet rates by 2%", rates(1.02, "own")),
        asks(S, "let's not close Vienna after all", "nothing"),
        asks(S, "close Hamburgg and Berlin", "Hamburg"),
        asks(S, "cut drivers in the Midlands by 5%", "Midlands"),
        asks(S, "close munchen on Monday", "munchen"),
        asks(S, "volumes into Colonge up 5%", "Colonge"),
        asks(S, "shut the Lyon–Madird lane", "Madrid"),
        asks(S, "volumes rise 20% in the north-east", "changed nothing"),
        asks(S, "volumes up 10% out of Pari and Lyon", "Paris"),
        edit("dates", "close Paris this Saturday", close("PAR", days=[5])),
        asks("dates", "close Lyon on the 24th", "24th"),
        edit("dates", "volumes up 10% on Christmas", scale(1.1, days=[weekday_of(12, 25)])),
        edit("dates", "close Madrid from Thursday onwards", close("MAD", days=[3, 4, 5, 6])),
        edit("dates", "close Brussels on Tue and Wed", close("BRU", days=[1, 2])),
        asks("dates", "close Paris at the end of next week", "which day"),
        edit(
            "demand",
            "bring volumes out of Berlin down to 75% of today's",
            scale(0.75, origin_hubs=["BER"]),
        ),
        edit("capacity", "Munich capacity to 80%", hub_capacity("MUN", factor=0.8)),
        edit(
            "capacity",
            "set the Paris to Lyon lane to 6 trucks a day",
            lane_capacity("PAR-LYO", max_trucks_per_day=6),
        ),
        edit(
            "capacity",
            "run the Rome–Naples lane at half capacity",
            lane_capacity("ROM-NAP", factor=0.5),
        ),
        edit("drivers", "bring east drivers down to 35", drivers("east", drivers=35)),
        edit("demand", "volumes up 1/3 out of Lyon", scale(1.333333, origin_hubs=["LYO"])),
        edit("demand", "add 10 percent to the north's volumes", north),
        edit("demand", "volumes up 1.5 times in the west", scale(1.5, origin_regions=["west"])),
        edit("demand", "Lyon volumes tumble 20%", scale(0.8, hubs=["LYO"])),
        edit("demand", "volumes in the east rocket 40%", scale(1.4, origin_regions=["east"])),
        edit("demand", "Ferromont volumes sag 7%", scale(0.93, customers=["Ferromont"])),
        edit("demand", "Hamburg inbound volumes up 10%", scale(1.1, destination_hubs=["HAM"])),
        edit("demand", "outbound Berlin freight +5%", scale(1.05, origin_hubs=["BER"])),
        edit(
            "demand",
            "deliveries into the south down 5%",
            scale(0.95, destination_regions=["south"]),
        ),
        edit("demand", "Madrid's outbound volume up 12%", scale(1.12, origin_hubs=["MAD"])),
        edit(
            "multi-clause",
            "raise Lyon capacity by 10% and cut it at Paris by 10%",
            hub_capacity("LYO", factor=1.1),
            hub_capacity("PAR", factor=0.9),
        ),
        edit(
            "multi-clause",
            "volumes up 15% in the south while drivers there drop 10%",
            scale(1.15, origin_regions=["south"]),
            drivers("south", factor=0.9),
        ),
        edit(
            "multi-clause",
            "cut drivers 10% in the east and 20% in the west",
            drivers("east", factor=0.9),
            drivers("west", factor=0.8),
        ),
        edit(
            "multi-clause",
            "close Paris on Monday and Tuesday and Lyon on Wednesday",
            close("PAR", days=[0, 1]),
            close("LYO", days=[2]),
        ),
        edit(
            "multi-clause",
            "volumes out of Berlin up 10%, and the same for Hamburg",
            scale(1.1, origin_hubs=["BER"]),
            scale(1.1, origin_hubs=["HAM"]),
        ),
        edit("multi-clause", "close Lyon, how much does that cost us?", close("LYO")),
        edit(
            "follow-ups",
            ("cut drivers in the east by 10%", "same for the south"),
            drivers("south", factor=0.9),
        ),
        redo(
            "follow-ups",
            ("volumes out of Berlin up 10%", "make that 25%"),
            scale(1.25, origin_hubs=["BER"]),
        ),
        redo("follow-ups", ("close Paris on Monday", "no, Thursday"), close("PAR", days=[3])),
        edit(
            "follow-ups",
            ("raise Munich capacity by 10%", "and Stuttgart too"),
            hub_capacity("STU", factor=1.1),
        ),
        redo(
            "follow-ups",
            ("close Paris on Monday", "make it Monday and Tuesday"),
            close("PAR", days=[0, 1]),
        ),
        edit(
            "capacity",
            "two fewer departures a day from Paris to Lyon",
            lane_capacity("PAR-LYO", trucks_delta=-2),
        ),
        edit(
            "capacity",
            "only 2 trucks a day between Madrid and Sevilla",
            lane_capacity("MAD-SEV", max_trucks_per_day=2),
            lane_capacity("SEV-MAD", max_trucks_per_day=2),
        ),
        asks("closures", "close the Vienna to Budapest lane on Monday", "Monday"),
        edit("closures", "what if the Magdeburg relay fails on Thursday", close("MAG", days=[3])),
        edit("closures", "the relay at Pamplona goes down Friday", close("PAM", days=[4])),
        asks("closures", "lose a relay on Tuesday", "Bologna"),
        asks(
            "drivers",
            "can we absorb a driver shortage in the north without cascading into the south?",
            "changed nothing",
        ),
        edit(
            "service",
            "give Iberia Fresh two-day delivery",
            {"op": "set_due_hours", "customers": ["Iberia Fresh"], "due_h": 48.0},
        ),
        edit(
            "service",
            "loosen the delivery windows by 12 hours",
            {"op": "set_due_hours", "delta_h": 12.0},
        ),
        edit(
            "service",
            "extend lead times into the east by one day",
            {"op": "set_due_hours", "destination_regions": ["east"], "delta_h": 24.0},
        ),
        edit(
            "service",
            "everything to Madrid within 36 hours",
            {"op": "set_due_hours", "destination_hubs": ["MAD"], "due_h": 36.0},
        ),
        why(
            "why-not",
            "why not use the Hamburg–Magdeburg lane on Monday?",
            {"op": "use_lane", "lane": "HAM-MAG", "days": [0]},
        ),
        why(
            "why-not",
            "why don't we route Berlin→Munich freight through Nuremberg?",
            {"op": "route_via", "lanes": ["BER→MUN"], "via_hub": "NUR"},
        ),
        why(
            "why-not",
            "why not send all freight from Hamburg via Magdeburg?",
            {"op": "route_via", "origin_hubs": ["HAM"], "via_hub": "MAG"},
        ),
        asks(
            "why-not", "why not route Berlin to Munich freight through Gotham?", "changed nothing"
        ),
        tool("explain", "how can we save money?", "explain", "What would cut cost most"),
        tool("explain", (NORTH_Q, "why did cost go up?"), "compare"),
        asks("out-of-scope", "what's the capital of France?", "changed nothing"),
    ]


def _fourth_batch() -> list[Spec]:
    """A second round of fresh phrasings, written after the third batch's fixes and before
    any change for these; a third of them went to the held-out set."""
    west_but_paris = ["BRE", "BRU", "COR", "LYO", "MAD", "NAN", "PAM", "SEV", "TOU", "ZAR"]
    return [
        edit(
            S,
            "don't reopen Hamburg yet, but add 200 t of capacity at Berlin",
            hub_capacity("BER", delta_t_per_day=200.0),
        ),
        asks(S, "we shouldn't close Lyon", "nothing"),
        edit(
            S, "volumes up 10% in the west apart from Paris", scale(1.1, origin_hubs=west_but_paris)
        ),
        edit(
            S,
            "cut drivers by 5% in every region bar the south",
            *drivers_everywhere(factor=0.95, without=("south",)),
        ),
        edit(S, "no, don't close Paris; close Lyon", close("LYO")),
        edit(S, "not Berlin but Hamburg: close it on Friday", close("HAM", days=[4])),
        asks(S, "volumes up 10% out of Lyons", "Lyon"),
        asks(S, "cut drivers in the Balkans by 5%", "Balkans"),
        asks(S, "close the Paris–Lille lane", "Lille"),
        asks(S, "add 3 trailers at Bremen", "Bremen"),
        edit("dates", "close Turin on Fri", close("TUR", days=[4])),
        edit("dates", "close Brussels Mon-Wed", close("BRU", days=[0, 1, 2])),
        asks("dates", "close Paris on Easter Monday", "Easter"),
        edit(
            "dates",
            "close Lyon tomorrow and the day after",
            close("LYO", days=sorted({weekday_in(1), weekday_in(2)})),
        ),
        edit("drivers", "reduce drivers in the west to 80% of today", drivers("west", factor=0.8)),
        edit(
            "capacity", "limit Paris to 900 t a day", hub_capacity("PAR", capacity_t_per_day=900.0)
        ),
        edit("demand", "scale Nordbau to 120%", scale(1.2, customers=["Nordbau"])),
        edit(
            "multi-clause",
            "close Prague on Monday, raise Vienna capacity by 15% and add 4 drivers in the east",
            close("PRA", days=[0]),
            hub_capacity("VIE", factor=1.15),
            drivers("east", drivers_delta=4),
        ),
        edit(
            "multi-clause",
            "cut contract rates by 2% and own rates by 1%",
            rates(0.98, "contract"),
            rates(0.99, "own"),
        ),
        edit(
            "multi-clause",
            "volumes into Rome up 5% and out of Rome down 5%",
            scale(1.05, destination_hubs=["ROM"]),
            scale(0.95, origin_hubs=["ROM"]),
        ),
        redo(
            "follow-ups",
            ("volumes up 10% in the north", "let's try 15%"),
            scale(1.15, origin_regions=["north"]),
        ),
        tool("follow-ups", ("close Paris", "revert that"), "undo"),
        redo(
            "follow-ups",
            ("cut drivers in the east by 10%", "hmm, make it 12%"),
            drivers("east", factor=0.88),
        ),
        edit(
            "follow-ups",
            ("add 5 trailers at Vienna", "and at Prague"),
            fleet("PRA", trailers_delta=5),
        ),
        edit(
            "capacity",
            "three departures a day from Munich to Vienna",
            lane_capacity("MUN-VIE", max_trucks_per_day=3),
        ),
        edit(
            "capacity",
            "Lyon–Paris departures down by one a day",
            lane_capacity("LYO-PAR", trucks_delta=-1),
        ),
        edit(
            "closures",
            "if the Bologna relay is down Wednesday and Thursday",
            close("BOL", days=[2, 3]),
        ),
        edit("closures", "Ljubljana relay outage on Monday", close("LJU", days=[0])),
        spill(
            "spill-over",
            "15% fewer drivers in the east — does it spill over into the central region?",
            ("central",),
            drivers("east", factor=0.85),
        ),
        edit(
            "drivers",
            "short 6 drivers in the north on Friday",
            drivers("north", [4], drivers_delta=-6),
        ),
        edit(
            "service",
            "shorten lead times out of Berlin by 12 hours",
            {"op": "set_due_hours", "origin_hubs": ["BER"], "delta_h": -12.0},
        ),
        edit(
            "service",
            "what if we promised 36-hour delivery everywhere?",
            {"op": "set_due_hours", "due_h": 36.0},
        ),
        edit("rates", "fuel costs up 6%", rates(1.06)),
        edit("rates", "subcontracted lanes 4% cheaper", rates(0.96, "contract")),
        why("why-not", "why don't we just close Vienna on Sunday?", close("VIE", days=[6])),
        tool("explain", "what is limiting on-time delivery?", "explain"),
    ]


def _fifth_batch() -> list[Spec]:
    """Own phrasings of classes that held-out cases showed misread ('A up but B down', 'one
    of the relays', 'the next two days', 'take trailers off', 'a spike into'), written
    before the interpreter changed for them; a third of them went to the held-out set."""
    return [
        edit(
            "multi-clause",
            "ACME up 10% but Alpenmilch down 5%",
            scale(1.1, customers=["ACME Logistics"]),
            scale(0.95, customers=["Alpenmilch"]),
        ),
        edit(
            "multi-clause",
            "volumes into Paris up 10% whereas out of Paris they drop 5%",
            scale(1.1, destination_hubs=["PAR"]),
            scale(0.95, origin_hubs=["PAR"]),
        ),
        asks("closures", "what if one of the depots goes down on Monday?", "Köln"),
        asks("closures", "a couple of relays fail on Saturday", "Bologna"),
        asks("dates", "close Lyon over the next two days", "changed nothing"),
        asks("dates", "shut Munich for the coming few days", "changed nothing"),
        edit("fleet", "Munich needs 30 trailers", fleet("MUN", trailers=30)),
        edit("demand", "a 10% spike into Paris", scale(1.1, destination_hubs=["PAR"])),
    ]


def _sixth_batch() -> list[Spec]:
    """A third round of fresh phrasings (undoing more than one change, day ranges with
    'through', lists of origins, lateness in days, lanes removed or suspended), written
    before the interpreter changed for them; a third of them went to the held-out set."""
    return [
        asks(
            "follow-ups",
            ("close Paris", "close Lyon", "undo the last two changes"),
            "changed nothing",
        ),
        asks("follow-ups", ("close Paris", "undo everything"), "changed nothing"),
        edit(
            "closures",
            "what if Warsaw goes offline Tuesday through Thursday?",
            close("WAR", days=[1, 2, 3]),
        ),
        edit(
            "closures",
            "the Lyon cross-dock is shut for maintenance on Monday",
            close("LYO", days=[0]),
        ),
        edit(
            "demand",
            "freight into Rome and Naples up 5%",
            scale(1.05, destination_hubs=["ROM", "NAP"]),
        ),
        edit("service", "let freight arrive up to a day late", service(max_late_h=24.0)),
        edit("closures", "suspend the Paris to Lyon lane", close_lane("PAR-LYO")),
        edit(
            "capacity",
            "Hamburg to Copenhagen: 4 trucks a day max",
            lane_capacity("HAM-COP", max_trucks_per_day=4),
        ),
        edit(
            "multi-clause",
            "volumes +10% north, -5% south",
            scale(1.1, origin_regions=["north"]),
            scale(0.95, origin_regions=["south"]),
        ),
        edit("dates", "close Munich Friday through Sunday", close("MUN", days=[4, 5, 6])),
        edit("service", "allow shipments to be half a day late", service(max_late_h=12.0)),
    ]


def _seventh_batch() -> list[Spec]:
    """A fourth round of own phrasings, written while fixing them (so none is held out)."""
    return [
        asks(S, "volumes up 10% for initech", "initech"),
        asks(S, "double volumes for globex", "globex"),
        asks(S, "volumes up 0.1 in the north", "0.1 t"),
        asks(S, "close Paris and Lyon but not Lyon on Monday", "Lyon"),
        edit(S, "close Paris and not Lyon", close("PAR")),
        edit(S, "close Paris, Lyon and Nantes except Lyon", close("PAR", "NAN")),
        edit("dates", "only on Monday, close Paris", close("PAR", days=[0])),
        edit("drivers", "cut drivers by a dozen in the east", drivers("east", drivers_delta=-12)),
        edit("demand", "volumes up tenfold out of Paris", scale(10.0, origin_hubs=["PAR"])),
        edit(
            "demand",
            "volumes up 10% both ways between Paris and Lyon",
            scale(1.1, origin_hubs=["PAR"], destination_hubs=["LYO"]),
            scale(1.1, origin_hubs=["LYO"], destination_hubs=["PAR"]),
        ),
        asks(S, "volumes up 10% from Paris to Lyon and Lyon to Paris", "more than once"),
        asks("dates", "close Hamburg for two days", "changed nothing"),
        edit(
            "multi-clause",
            "what if the east had 20% fewer drivers and the north 10% more?",
            drivers("east", factor=0.8),
            drivers("north", factor=1.1),
        ),
    ]


def _eighth_batch() -> list[Spec]:
    """A fifth round of fresh phrasings (vague days such as 'midweek', 'everyone else',
    'double that', promises in other words, 'what about X?', 'move it to Friday'), written
    before the interpreter changed for them; a third of them went to the held-out set."""
    return [
        asks("dates", "relay failure at Magdeburg midweek", "changed nothing"),
        asks("dates", "close Paris every other day", "changed nothing"),
        asks("service", "next-day for Nordbau, two-day for everyone else", "everyone else"),
        asks("follow-ups", ("volumes up 10% in the north", "double that"), "changed nothing"),
        edit(
            "service",
            "deliver everything out of Berlin within a day",
            {"op": "set_due_hours", "origin_hubs": ["BER"], "due_h": 24.0},
        ),
        edit(
            "service",
            "push due dates back a day for ACME",
            {"op": "set_due_hours", "customers": ["ACME Logistics"], "delta_h": 24.0},
        ),
        redo("follow-ups", ("close Paris on Monday", "move it to Friday"), close("PAR", days=[4])),
        redo(
            "follow-ups",
            ("volumes up 10% in the north", "what if it were 20%?"),
            scale(1.2, origin_regions=["north"]),
        ),
    ]


def _spill_over() -> list[Spec]:
    """'… without it spilling into the west': the change where it is said, the other region
    watched; an unknown region, or a hub where a region is meant, is asked."""
    f = "spill-over"
    return [
        spill(
            f,
            "cut drivers in the east by 20% without it spilling into the west",
            ("west",),
            drivers("east", factor=0.8),
        ),
        spill(
            f,
            "close Hamburg on Monday — does it spill over into the south?",
            ("south",),
            close("HAM", days=[0]),
        ),
        spill(
            f,
            "cut drivers in the north by 15% without cascading into the central region",
            ("central",),
            drivers("north", factor=0.85),
        ),
        spill(
            f,
            "close Vienna on Wednesday: what's the knock-on on the central region?",
            ("central",),
            close("VIE", days=[2]),
        ),
        spill(
            f,
            "cut drivers in the west by 10% without affecting the south",
            ("south",),
            drivers("west", factor=0.9),
        ),
        spill(
            f,
            "close Lyon on Friday without a knock-on on the south or the central region",
            ("central", "south"),
            close("LYO", days=[4]),
        ),
        spill(
            f,
            ("cut drivers in the east by 20%", "does that spill over into the west?"),
            ("west",),
        ),
        asks(f, "does it spill over into the south?", "Which change"),
        spill(
            f,
            "volumes out of Paris up 15%: what's the impact on the south?",
            ("south",),
            scale(1.15, origin_hubs=["PAR"]),
        ),
        asks(
            S, "cut drivers in the east by 20% without it spilling into Atlantis", "changed nothing"
        ),
        asks(S, "close Hamburg on Monday — does it spill over into Berlin?", "region"),
    ]


def _own_words() -> list[Spec]:
    """Planners' own words, written while writing the rules that read them: carrier kinds
    however named, an amount said of a carrier kind alone, greetings and conversational
    openers ('ok,', 'so', 'well,') before a question, 'next week' and 'between A and B'."""
    f = "multi-clause"
    return [
        edit("rates", "in-house rates up 2%", rates(1.02, "own")),
        edit("rates", "contract and own-fleet rates up 5%", rates(1.05)),
        asks(f, "volumes up 5% and own fleet up 2%", "own-fleet rates", "changed nothing"),
        asks(f, "own fleet down 2% and volumes up 5%", "own-fleet rates"),
        asks(f, "volumes up 5% and 3PLs up 3%", "contract rates"),
        edit(f, ("volumes up 5% and own fleet up 2%", "rates"), scale(1.05), rates(1.02, "own")),
        edit(f, "volumes up 5% and own fleet rates up 2%", scale(1.05), rates(1.02, "own")),
        edit(f, "raise own-fleet costs by 2% and volumes by 5%", rates(1.02, "own"), scale(1.05)),
        tool("explain", "hi, how busy is Paris to Lyon?", "lane_traffic"),
        tool("explain", "hello — what runs on Berlin→Hamburg?", "lane_traffic"),
        tool("explain", "Morning all - how busy is Vienna to Budapest?", "lane_traffic"),
        tool("explain", "quick question: how many trucks Madrid to Zaragoza?", "lane_traffic"),
        tool("explain", "could you tell me how busy Paris to Lyon is?", "lane_traffic"),
        edit("closures", "Hi Lanewise, please close Hamburg on Friday", close("HAM", days=[4])),
        edit("rates", "could you please raise contract rates by 5%?", rates(1.05, "contract")),
        asks(S, "hey - please close Hamburgg", "Hamburg", "changed nothing"),
        tool("explain", "ok, how busy is Paris to Lyon?", "lane_traffic"),
        tool("explain", "so which lanes are at capacity on Tuesday?", "binding_constraints"),
        tool("explain", "well, what would help most to cut cost?", "explain"),
        tool("summary", (NORTH_Q, "right, summarise this for the VP"), "summarise"),
        tool("follow-ups", ("close Paris", "ok so undo that"), "undo"),
        asks(S, "ok, so what runs from Pariss to Lyon?", "Paris", "changed nothing"),
        edit(
            "lanes",
            "close the lane between Paris and Lyon",
            close_lane("PAR-LYO"),
            close_lane("LYO-PAR"),
        ),
        edit(
            "capacity",
            "2 fewer departures between Paris and Lyon",
            lane_capacity("PAR-LYO", trucks_delta=-2),
            lane_capacity("LYO-PAR", trucks_delta=-2),
        ),
        edit(
            "capacity",
            ("fewer departures between Paris and Lyon", "2"),
            lane_capacity("PAR-LYO", trucks_delta=-2),
            lane_capacity("LYO-PAR", trucks_delta=-2),
        ),
        edit(
            "rates",
            "rates up 3% between Paris and Lyon",
            {"op": "scale_lane_rates", "factor": 1.03, "lanes": ["PAR-LYO", "LYO-PAR"]},
        ),
        edit(
            "demand",
            "volumes between the north and the south up 10%",
            scale(1.1, origin_regions=["north"], destination_regions=["south"]),
            scale(1.1, origin_regions=["south"], destination_regions=["north"]),
        ),
        edit(
            "multi-clause",
            "close the lane between Paris and Lyon and volumes up 10% in the north",
            close_lane("PAR-LYO"),
            close_lane("LYO-PAR"),
            scale(1.1, origin_regions=["north"]),
        ),
        edit(
            "lanes",
            "close the lane between Paris and Madrid",
            close_lane("PAR-MAD"),
            close_lane("MAD-PAR"),
        ),
        edit(
            "rates",
            "rates between Madrid and Paris up 2%",
            {"op": "scale_lane_rates", "factor": 1.02, "lanes": ["MAD-PAR", "PAR-MAD"]},
        ),
        tool("explain", "what runs between Paris and Lyon?", "lane_traffic"),
        asks("fleet", "move 10 trailers between Paris and Lyon", "from Lyon to Paris"),
        edit("dates", "close Paris between Monday and Wednesday", close("PAR", days=[0, 1, 2])),
        edit("dates", "close Paris from Friday to Monday", close("PAR", days=[0, 4, 5, 6])),
        edit("dates", "close Lyon all next week", close("LYO")),
        edit(
            "dates",
            "next week's volumes up 5% in the north",
            scale(1.05, origin_regions=["north"]),
        ),
        edit("dates", "close Lyon on Tuesday next week", close("LYO", days=[1])),
        asks("dates", "close Paris mid-next week", "which day", "changed nothing"),
        asks("dates", "close Paris over the next two weeks", "which day"),
        asks("dates", "close Lyon tomorrow and all next week", "which day"),
        tool("explain", "how many trucks Paris to Lyon next week?", "lane_traffic"),
    ]


def _bounds() -> list[Spec]:
    """Amounts said with a bound ('more than 20%', 'at least 3 trucks', 'up to 10%') are
    asked about, nothing changed, and the reply's number is used; estimates ('about 20%')
    are the number."""
    north = "what if volumes rise more than 20% in the north?"
    return [
        asks(S, north, "shall I use 20%?", "more than 20%"),
        asks(S, "what if volumes rise north of 20% in the north?", "shall I use 20%?"),
        asks(S, "volumes out of the west up less than 20%", "shall I use 20%?"),
        asks(S, "demand into Lyon up 20%+", "shall I use 20%?"),
        asks(S, "at least 3 more trucks a day from Paris to Lyon", "shall I use 3?"),
        asks(S, "cut drivers in the south by at most 10", "shall I use 10?"),
        edit("follow-ups", (north, "yes"), scale(1.2, origin_regions=["north"])),
        edit("follow-ups", (north, "25%"), scale(1.25, origin_regions=["north"])),
        edit("follow-ups", (north, "use 20"), scale(1.2, origin_regions=["north"])),
        edit(
            "follow-ups",
            ("move more than 5 trailers from Paris to Lyon", "ok"),
            move("PAR", "LYO", 5),
        ),
        edit("demand", "volumes up about 20% in the north", scale(1.2, origin_regions=["north"])),
        edit("drivers", "at most 40 drivers in the east", drivers("east", drivers=40)),
        asks(S, "which lanes carry more than 50 t on Monday?", "threshold"),
    ]


def cases() -> list[Spec]:
    """The tuned set."""
    return [
        *_more(),
        *_demand(),
        *_closures(),
        *_capacity(),
        *_drivers(),
        *_fleet(),
        *_rates(),
        *_service(),
        *_multi(),
        *_follow_ups(),
        *_explain(),
        *_summary(),
        *_out_of_scope(),
        *_dates(),
        *_safety(),
        *_third_batch(),
        *_fourth_batch(),
        *_fifth_batch(),
        *_sixth_batch(),
        *_seventh_batch(),
        *_eighth_batch(),
        *_spill_over(),
        *_own_words(),
        *_bounds(),
        *_negated_bounds(),
        *_actuals(),
        *_new_freight(),
    ]


def _new_freight() -> list[Spec]:
    """New business ('new customer X: 50 t a day from A to B') adds demand; what it leaves
    open is asked; tonnes lost between two hubs are freight lost, not the lane closed."""
    new = "new customer Orbis: 120 t a week from Köln to Vienna"
    added = add_demand
    return [
        edit(
            "demand",
            "new customer Orbis: 40 t a day from Köln to Vienna",
            added("KOL", "VIE", 40.0, customer="Orbis"),
        ),
        edit(
            "demand",
            "we signed a new contract with Ferromont, 30 t/day Turin to Lyon on weekdays",
            added("TUR", "LYO", 30.0, days=[0, 1, 2, 3, 4], customer="Ferromont"),
        ),
        edit(
            "demand",
            "new business: 90 t a week on Mondays, Wednesdays and Fridays from Bari to Munich",
            added("BAI", "MUN", 30.0, days=[0, 2, 4]),
        ),
        asks("demand", new, "On which days", "changed nothing"),
        edit(
            "follow-ups",
            (new, "weekdays"),
            added("KOL", "VIE", 24.0, days=[0, 1, 2, 3, 4], customer="Orbis"),
        ),
        asks("demand", "new customer: 60 t a day between Prague and Brussels", "Which way"),
        asks("demand", "onboarding Orbis, 25 t from Köln to Vienna", "a day, a week, or once"),
        edit(
            "capacity",
            "add a lane from Nantes to Bari",
            {"op": "add_lane", "origin": "NAN", "destination": "BAI"},
        ),
        edit(
            "capacity",
            "what if we opened a direct contract link between Brest and Pécs",
            {"op": "add_lane", "origin": "BRE", "destination": "PEC", "carrier": "contract"},
            {"op": "add_lane", "origin": "PEC", "destination": "BRE", "carrier": "contract"},
        ),
        edit(
            "capacity",
            "Prague can only do 70% of its usual volume",
            hub_capacity("PRA", factor=0.7),
        ),
        redo("follow-ups", ("close Nantes on Friday", "not Nantes, Tours"), close("TOU", days=[4])),
        asks(
            "follow-ups", ("cut drivers in the south by 5%", "what about the east?"), "same change"
        ),
        edit("demand", "ex-Warsaw volumes +12%", scale(1.12, origin_hubs=["WAR"])),
        edit("demand", "Lyon-origin freight down 6%", scale(0.94, origin_hubs=["LYO"])),
        edit("fleet", "send Zaragoza 4 of Madrid's trailers", move("MAD", "ZAR", 4)),
        edit("fleet", "Turin sends 2 trailers to Genoa", move("TUR", "GEN", 2)),
        asks(S, "halve the unserved freight out of Madrid", "what the plan yields"),
        asks(S, "Köln is 15% over capacity", "how full the hub runs"),
        asks(S, "Ferromont's late penalties up 30%", "can't change penalties"),
        asks(S, "all relays down 20%", "What of all relays should change"),
        asks(S, "what if our biggest customer triples?", "changed nothing"),
        edit(
            "closures",
            "the motorway between Köln and Brussels is closed",
            close_lane("KOL-BRU"),
            close_lane("BRU-KOL"),
        ),
        edit(
            "multi-clause",
            "Nantes closes on Saturday and volumes rise 4%",
            close("NAN", days=[5]),
            scale(1.04),
        ),
        asks(S, "double the trucks on the lanes out of Madrid", "Which lanes should"),
        asks(S, "Madrid to Sevilla costs €120 more per truck", "not by an amount of money"),
        edit(
            "demand",
            "we lose 80 t from Prague to Brussels",
            scale(-80.0, delta=True, origin_hubs=["PRA"], destination_hubs=["BRU"]),
        ),
    ]


def _actuals() -> list[Spec]:
    """How a week went against its plan and learning from past weeks (the stored actuals; the
    eval's world has none, so the answer says how to get them), 'so far', which may mean the
    plan or the week, and a change said beside 'last week', which stays a change."""
    f = "actuals"
    none = "No week of actuals is stored yet"
    return [
        tool(f, "how did last week go against the plan?", "week_review", none),
        tool(f, "plan vs actual", "week_review", none),
        tool(f, "where was the model wrong last week?", "week_review", none),
        tool(f, "plan vs actual for 2026-W49", "week_review"),
        asks(f, "so far, how are we doing on cost?", "the plan as it stands", "the actuals"),
        tool(f, ("so far, how are we doing on cost?", "the actuals"), "week_review", none),
        tool(f, ("so far, how are we doing on cost?", "the plan"), "summarise"),
        tool(f, "calibrate the forecast on the last 4 weeks", "calibrate", none),
        tool(f, "learn from the actuals", "calibrate", none),
        tool(f, "which hub is most critical?", "critical", "whose loss would hurt most"),
        tool(f, "what are the single points of failure?", "critical"),
        edit(
            f, "adjust demand up 10% out of Paris after last week", scale(1.1, origin_hubs=["PAR"])
        ),
    ]


def _negated_bounds() -> list[Spec]:
    """A bound that starts with 'no' or 'not' is the limit or bound it states, not a
    negation."""
    return [
        edit(
            "capacity",
            "no more than 4 trucks a day from Paris to Lyon",
            lane_capacity("PAR-LYO", max_trucks_per_day=4),
        ),
        edit("drivers", "not exceeding 40 drivers in the north", drivers("north", drivers=40)),
        asks(S, "no fewer than 3 more trucks a day from Paris to Lyon", "shall I use 3?"),
        edit(
            "follow-ups",
            ("not less than 10% more volume out of the west", "yes"),
            scale(1.1, origin_regions=["west"]),
        ),
        edit(
            "follow-ups",
            ("more than 500 t of freight out of Paris", "yes"),
            scale(500.0, delta=True, origin_hubs=["PAR"]),
        ),
        asks(S, "what if 10% of volume in the south?", "up or down by 10%, or be 10% of today"),
        edit(
            "follow-ups",
            ("20% of the freight into Lyon", "down 80%"),
            scale(0.2, destination_hubs=["LYO"]),
        ),
        edit(
            "follow-ups",
            ("500 t of freight out of Paris", "down 200 t"),
            scale(-200.0, delta=True, origin_hubs=["PAR"]),
        ),
        edit(
            "follow-ups",
            ("at least 200 t of freight into Lyon", "250 t"),
            scale(250.0, delta=True, destination_hubs=["LYO"]),
        ),
        tool(S, "does the plan survive more than 25%?", "stress_test", "I tested 25%"),
        edit("capacity", "Lyon capacity no higher than 70%", hub_capacity("LYO", factor=0.7)),
        edit(
            "capacity",
            "not over 5 trucks a day from Paris to Lyon",
            lane_capacity("PAR-LYO", max_trucks_per_day=5),
        ),
        tool(S, "does the plan survive 30% more volume?", "stress_test"),
    ]
