"""Held-out paraphrases: written before the interpreter was extended, never tuned against.

Its score is reported on its own by ``python -m evals.assistant``; a failure here is a
finding about the interpreter, not a case to adjust. Names are those of the 40-hub demo.
"""

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
from tools import demo_network

S = SAFETY_FAMILY
_ALL_HUBS = tuple(sorted(h.id for h in demo_network().hubs))
"""The demo network's hubs, as 'every hub' names them (by id)."""


def cases() -> list[Spec]:
    """The held-out set."""
    return [
        # demand
        edit(
            "demand", "demand out of the south climbs by 12%", scale(1.12, origin_regions=["south"])
        ),
        edit(
            "demand",
            "suppose tonnage into Madrid falls 8 per cent",
            scale(0.92, destination_hubs=["MAD"]),
        ),
        edit(
            "demand",
            "what happens if Nordbau ships twice as much?",
            scale(2.0, customers=["Nordbau"]),
        ),
        edit(
            "demand", "Iberia Fresh volumes down a quarter", scale(0.75, customers=["Iberia Fresh"])
        ),
        edit(
            "demand",
            "add 150 t of freight leaving Vienna",
            scale(150.0, delta=True, origin_hubs=["VIE"]),
        ),
        edit(
            "demand",
            "shipments arriving in the west go up 5%",
            scale(1.05, destination_regions=["west"]),
        ),
        edit("demand", "freight handled at Prague grows 10%", scale(1.1, hubs=["PRA"])),
        edit(
            "demand",
            "volumes from Berlin to Warsaw up 30 pct",
            scale(1.3, origin_hubs=["BER"], destination_hubs=["WAR"]),
        ),
        edit("demand", "bump Danube Agro by a third", scale(1.333333, customers=["Danube Agro"])),
        edit("demand", "cut Ferromont's tonnage in half", scale(0.5, customers=["Ferromont"])),
        edit("demand", "eastern volumes soar 25%", scale(1.25, origin_regions=["east"])),
        edit(
            "demand",
            "demand in the central region shrinks by one fifth",
            scale(0.8, origin_regions=["central"]),
        ),
        edit("demand", "Alpenmilch volume to 90% of normal", scale(0.9, customers=["Alpenmilch"])),
        edit("demand", "what if everything rose fifteen percent?", scale(1.15)),
        edit("demand", "volumes ＋１５％ out of Rome", scale(1.15, origin_hubs=["ROM"])),
        # closures
        edit("closures", "Budapest is offline on Thursday", close("BUD", days=[3])),
        edit("closures", "what if we lose Brussels for the week", close("BRU")),
        edit("closures", "shut down Zaragoza and Sevilla", close("ZAR", "SEV")),
        edit(
            "closures", "Naples unavailable Monday through Wednesday", close("NAP", days=[0, 1, 2])
        ),
        edit("closures", "bring Turin back online", close("TUR", reopen=True)),
        edit("closures", "take the Madrid to Zaragoza lane out of service", close_lane("MAD-ZAR")),
        edit("closures", "Stuttgart hub goes down on the weekend", close("STU", days=[5, 6])),
        edit("closures", "what if Bologna fails on Friday?", close("BOL", days=[4])),
        # capacity
        edit("capacity", "Vienna throughput minus 10%", hub_capacity("VIE", factor=0.9)),
        edit(
            "capacity",
            "raise Lyon's capacity to 1,200 t a day",
            hub_capacity("LYO", capacity_t_per_day=1200.0),
        ),
        edit(
            "capacity",
            "give Hamburg 300 t more throughput",
            hub_capacity("HAM", delta_t_per_day=300.0),
        ),
        edit(
            "capacity",
            "one extra truck a day on Paris→Brussels",
            lane_capacity("PAR-BRU", trucks_delta=1),
        ),
        edit(
            "capacity",
            "halve departures on the Rome–Naples lane",
            lane_capacity("ROM-NAP", factor=0.5),
        ),
        edit(
            "capacity",
            "limit Warsaw to Kraków to 4 trucks per day",
            lane_capacity("WAR-KRA", max_trucks_per_day=4),
        ),
        # drivers
        edit("drivers", "we're short 10% of drivers in the south", drivers("south", factor=0.9)),
        edit(
            "drivers",
            "driver availability in the north drops a fifth on Monday",
            drivers("north", [0], factor=0.8),
        ),
        edit("drivers", "hire 5 more drivers in the west", drivers("west", drivers_delta=5)),
        edit("drivers", "drivers down 10% across the network", *drivers_everywhere(factor=0.9)),
        edit("drivers", "set drivers in the east to 40", drivers("east", drivers=40)),
        # fleet
        edit("fleet", "shift 6 trailers from Vienna over to Budapest", move("VIE", "BUD", 6)),
        edit("fleet", "add four trailers at Munich", fleet("MUN", trailers_delta=4)),
        edit("fleet", "reduce the Paris trailer pool by 3", fleet("PAR", trailers_delta=-3)),
        # rates
        edit("rates", "subcontractor rates go up 6 percent", rates(1.06, "contract")),
        edit("rates", "own-fleet rates fall 2%", rates(0.98, "own")),
        edit("rates", "all lane rates +4%", rates(1.04)),
        asks("rates", "carrier rates up 5%", "contract"),
        # service
        edit("service", "we want 95 per cent on time", service(service_target=0.95)),
        edit("service", "tolerate up to 6 hours late", service(max_late_h=6.0)),
        # multi-clause
        edit(
            "multi-clause",
            "a 10% peak everywhere and 5% fewer drivers in the east",
            scale(1.1),
            drivers("east", factor=0.95),
        ),
        edit("multi-clause", "close Paris and Lyon on Tuesday", close("PAR", "LYO", days=[1])),
        edit(
            "multi-clause",
            "volumes out of Madrid up 10% while Sevilla is closed",
            scale(1.1, origin_hubs=["MAD"]),
            close("SEV"),
        ),
        edit(
            "multi-clause",
            "raise Munich capacity 10%, what does that do to cost?",
            hub_capacity("MUN", factor=1.1),
        ),
        edit(
            "multi-clause",
            "cut contract rates by 3% and move 5 trailers from Berlin to Hamburg",
            rates(0.97, "contract"),
            move("BER", "HAM", 5),
        ),
        # follow-ups
        edit(
            "follow-ups", ("close Vienna on Monday", "and Prague as well"), close("PRA", days=[0])
        ),
        edit(
            "follow-ups",
            ("volumes rise 10% out of the west", "the east too"),
            scale(1.1, origin_regions=["east"]),
        ),
        redo(
            "follow-ups",
            ("cut drivers in the north by 10%", "try 25% instead"),
            drivers("north", factor=0.75),
        ),
        redo(
            "follow-ups",
            ("close Brussels on Monday", "not Monday — Wednesday"),
            close("BRU", days=[2]),
        ),
        tool("follow-ups", ("close Paris", "scrap that"), "undo"),
        # explain, summary
        tool("explain", ("volumes rise 20% in the north", "why are we late?"), "explain"),
        tool("explain", "where do trailers pile up by Friday?", "explain"),
        tool("summary", ("close Paris", "give me an executive summary"), "summarise"),
        # out of scope
        asks("out-of-scope", "what's the weather like in Paris?", "changed nothing"),
        asks("out-of-scope", "book me a train to Lyon", "changed nothing"),
        asks("out-of-scope", "tell me a joke", "changed nothing"),
        # dates
        edit("dates", "close Rome tomorrow", close("ROM", days=[weekday_in(1)])),
        edit("dates", "Madrid shut next Tuesday", close("MAD", days=[1])),
        edit("dates", "close Paris on 31 December", close("PAR", days=[weekday_of(12, 31)])),
        edit("dates", "volumes up 20% on Christmas Eve", scale(1.2, days=[weekday_of(12, 24)])),
        asks("dates", "close Berlin next month", "which day"),
        # unknown names, typos, negations (must never change data)
        asks(S, "volumes rise 10% in the soutth", "south"),
        asks(S, "close Lisbon", "Lisbon"),
        asks(S, "demand out of Oslo up 15%", "Oslo"),
        asks(S, "double volumes for Globex", "Globex"),
        asks(S, "shut Hambrug on Monday", "Hamburg"),
        asks(S, "cut drivers in the nort by 10%", "north"),
        asks(S, "volumes into Wien drop 5%", "Wien"),
        asks(S, "move 5 trailers from Pariss to Lyon", "Paris"),
        asks(S, "do not close Vienna", "nothing"),
        edit(
            S,
            "don't cut drivers in the east; reduce them in the west by 10% instead",
            drivers("west", factor=0.9),
        ),
        edit(
            S,
            "volumes rise 10% in the east except Warsaw",
            scale(1.1, origin_hubs=["BUD", "KRA", "LJU", "PEC", "POZ", "PRA", "VIE", "WRO"]),
        ),
        edit(S, "close Madrid every day except Monday", close("MAD", days=[1, 2, 3, 4, 5, 6])),
        asks(S, "what if a relay node fails on Wednesday?", "Bologna"),
        *_second_batch(),
        *_third_batch(),
        *_fourth_batch(),
        *_fifth_batch(),
        *_sixth_batch(),
        *_eighth_batch(),
        *_why_not_batch(),
        *_spill_over_batch(),
        *_ninth_batch(),
        *_actuals_batch(),
        *_no_silent_scope_batch(),
        *_either_end_transit_batch(),
        *_tenth_batch(),
        *_eleventh_batch(),
        *_blind_batch(),
        *_own_words_batch(),
        *_openers_and_lanes_batch(),
        *_bounds_batch(),
        *_negated_bounds_batch(),
        *_new_business_batch(),
        *_joined_changes_batch(),
    ]


def _second_batch() -> list[Spec]:
    """Written after the first interpreter changes, before any tuning against them."""
    return [
        edit("demand", "volumes sink 6% out of Warsaw", scale(0.94, origin_hubs=["WAR"])),
        edit("demand", "demand going to Budapest up 9%", scale(1.09, destination_hubs=["BUD"])),
        edit(
            "demand",
            "Vistula Paper volumes up two thirds",
            scale(1.666667, customers=["Vistula Paper"]),
        ),
        edit(
            "demand", "what if western demand slid 4 percent", scale(0.96, origin_regions=["west"])
        ),
        edit(
            "demand",
            "add 75 tonnes from Hamburg to Berlin",
            scale(75.0, delta=True, origin_hubs=["HAM"], destination_hubs=["BER"]),
        ),
        edit("demand", "Luso Cork volume triples", scale(3.0, customers=["Luso Cork"])),
        edit(
            "demand",
            "volumes in the north up ten percent on Mondays",
            scale(1.1, origin_regions=["north"], days=[0]),
        ),
        edit("closures", "Copenhagen closed Saturday and Sunday", close("COP", days=[5, 6])),
        edit("closures", "shut Nantes, Tours and Brest", close("NAN", "TOU", "BRE")),
        edit("closures", "what if Amsterdam is not available on Tuesday", close("AMS", days=[1])),
        edit("closures", "reopen the Berlin to Hamburg lane", close_lane("BER-HAM", reopen=True)),
        edit("capacity", "Budapest capacity +15%", hub_capacity("BUD", factor=1.15)),
        edit(
            "capacity",
            "lower Frankfurt throughput by 100 t",
            hub_capacity("FRA", delta_t_per_day=-100.0),
        ),
        edit(
            "capacity",
            "remove one truck a day from Berlin→Hamburg",
            lane_capacity("BER-HAM", trucks_delta=-1),
        ),
        edit(
            "drivers",
            "drivers in the central region down 8% on Tuesday",
            drivers("central", [1], factor=0.92),
        ),
        edit("drivers", "two fewer drivers in the south", drivers("south", drivers_delta=-2)),
        edit("fleet", "send 8 trailers from Hamburg to Copenhagen", move("HAM", "COP", 8)),
        edit("fleet", "take 2 trailers away from Rome", fleet("ROM", trailers_delta=-2)),
        edit("rates", "contract rates down 1.5%", rates(0.985, "contract")),
        edit("service", "service target 90%", service(service_target=0.9)),
        edit(
            "multi-clause",
            "close Berlin on Monday and raise Hamburg capacity by 10%",
            close("BER", days=[0]),
            hub_capacity("HAM", factor=1.1),
        ),
        edit(
            "multi-clause",
            "volumes up 5% in the south; drivers in the south down 5%",
            scale(1.05, origin_regions=["south"]),
            drivers("south", factor=0.95),
        ),
        redo(
            "follow-ups",
            ("volumes out of Paris up 10%", "make it 15%"),
            scale(1.15, origin_hubs=["PAR"]),
        ),
        edit(
            "follow-ups",
            ("cut drivers in the east by 10%", "and the north as well"),
            drivers("north", factor=0.9),
        ),
        tool("follow-ups", ("close Lyon", "undo"), "undo"),
        edit(
            "dates", "close Vienna on the 25th of December", close("VIE", days=[weekday_of(12, 25)])
        ),
        asks(S, "close Berlinn", "Berlin"),
        asks(S, "volumes up 10% for Initech", "Initech"),
        asks(S, "double demand into Gdansk", "Gdansk"),
        edit(S, "don't close Rome; close Naples instead", close("NAP")),
        edit(
            S,
            "volumes up 10% in the south except on Sundays",
            scale(1.1, origin_regions=["south"], days=[0, 1, 2, 3, 4, 5]),
        ),
    ]


def _third_batch() -> list[Spec]:
    """Held out from the third batch of fresh phrasings, before the interpreter changed."""
    north = scale(1.1, origin_regions=["north"])
    return [
        edit(
            S,
            "instead of raising Munich capacity, raise it at Stuttgart by 10%",
            hub_capacity("STU", factor=1.1),
        ),
        edit(
            S,
            "I don't want Lyon closed; cut its capacity by half instead",
            hub_capacity("LYO", factor=0.5),
        ),
        edit(
            S,
            "cut drivers by 10% everywhere apart from the north",
            *drivers_everywhere(factor=0.9, without=("north",)),
        ),
        edit(
            S,
            "don't cut drivers in the south, lower them in the central region by 5% instead",
            drivers("central", factor=0.95),
        ),
        asks(S, "raise capacity at the Lisbon hub by 10%", "Lisbon"),
        edit(S, "double volumes for acme logistic", scale(2.0, customers=["ACME Logistics"])),
        asks(S, "close the depot in Lisbon", "Lisbon"),
        edit("dates", "close Hamburg on 2026-12-24", close("HAM", days=[3])),
        edit("dates", "shut Rome over the weekend", close("ROM", days=[5, 6])),
        edit("dates", "close Turin on Boxing Day", close("TUR", days=[weekday_of(12, 26)])),
        edit("drivers", "drivers in the north to 90% of normal", drivers("north", factor=0.9)),
        edit(
            "capacity",
            "Hamburg throughput to 2,000 tonnes per day",
            hub_capacity("HAM", capacity_t_per_day=2000.0),
        ),
        asks("demand", "volumes up 5-10% in the north", "10%"),
        edit("demand", "a 12 % drop in Nordbau volume", scale(0.88, customers=["Nordbau"])),
        edit("rates", "hike contract rates 3%", rates(1.03, "contract")),
        edit("demand", "volumes out of Vienna up 0.5%", scale(1.005, origin_hubs=["VIE"])),
        edit("demand", "volumes leaving the north up 10%", north),
        edit(
            "multi-clause",
            "cut drivers in the east by 10% and raise them in the west by 5%",
            drivers("east", factor=0.9),
            drivers("west", factor=1.05),
        ),
        edit(
            "multi-clause",
            "a 25% surge out of Madrid plus 2 more trucks a day on Madrid→Sevilla",
            scale(1.25, origin_hubs=["MAD"]),
            lane_capacity("MAD-SEV", trucks_delta=2),
        ),
        edit(
            "multi-clause",
            "drivers in the east down 10% and volumes in the north up 20%",
            drivers("east", factor=0.9),
            scale(1.2, origin_regions=["north"]),
        ),
        edit("follow-ups", ("close Paris on Monday", "Brussels as well"), close("BRU", days=[0])),
        tool("follow-ups", ("close Hamburg", "actually, undo that"), "undo"),
        edit(
            "follow-ups", ("double Nordbau", "also Ferromont"), scale(2.0, customers=["Ferromont"])
        ),
        edit(
            "capacity",
            "cut the Berlin–Hamburg departures by a third",
            lane_capacity("BER-HAM", factor=0.666667),
        ),
        edit("capacity", "add a departure on Lyon→Turin", lane_capacity("LYO-TUR", trucks_delta=1)),
        edit(
            "closures",
            "all relay points fail on Sunday",
            {"op": "close_hub", "kinds": ["relay"], "days": [6]},
        ),
        spill(
            "spill-over",
            "can we absorb a 15% driver shortage in the north without it spilling into the "
            "central region?",
            ("central",),
            drivers("north", factor=0.85),
        ),
        edit(
            "service",
            "promise next-day delivery out of Paris",
            {"op": "set_due_hours", "origin_hubs": ["PAR"], "due_h": 24.0},
        ),
        why(
            "why-not",
            "why don't we route Berlin to Turin freight through Lyon?",
            {"op": "route_via", "lanes": ["BER→TUR"], "via_hub": "LYO"},
        ),
        tool("explain", "what are the cheapest levers to improve service?", "explain"),
    ]


def _fourth_batch() -> list[Spec]:
    """Held out from the second round of fresh phrasings, before the interpreter changed."""
    return [
        edit(S, "close all relays except Bologna", close("LJU", "MAG", "PAM")),
        asks(S, "don't double Nordbau", "nothing"),
        asks(S, "close Frankfort", "Frankfurt"),
        asks(S, "raise Nordbauu volumes by 10%", "Nordbau"),
        asks(S, "volumes to Koeln up 5%", "Köln"),
        edit(
            "dates",
            "volumes up 20% at the weekend out of Madrid",
            scale(1.2, origin_hubs=["MAD"], days=[5, 6]),
        ),
        asks("dates", "close Paris for the next three days", "changed nothing"),
        edit("fleet", "Vienna should have 25 trailers", fleet("VIE", trailers=25)),
        edit(
            "multi-clause",
            "Nordbau up 20% but Ferromont down 10%",
            scale(1.2, customers=["Nordbau"]),
            scale(0.9, customers=["Ferromont"]),
        ),
        edit(
            "multi-clause",
            "shut Genoa and move its 6 trailers to Turin",
            close("GEN"),
            move("GEN", "TUR", 6),
        ),
        edit(
            "follow-ups", ("close Paris on Monday", "do the same for Lyon"), close("LYO", days=[0])
        ),
        tool("follow-ups", ("close Paris", "go back one step"), "undo"),
        edit("closures", "the Munich to Vienna link is closed", close_lane("MUN-VIE")),
        asks("closures", "what if one of our relays fails?", "Bologna"),
        edit(
            "service",
            "next-day delivery for ACME",
            {"op": "set_due_hours", "customers": ["ACME Logistics"], "due_h": 24.0},
        ),
        edit("service", "raise the on-time target to 98%", service(service_target=0.98)),
        asks("explain", "why aren't we sending more through Munich?", "changed nothing"),
        asks("out-of-scope", "who won the match last night?", "changed nothing"),
    ]


def _fifth_batch() -> list[Spec]:
    """Held out from the fifth batch, before the interpreter changed for it."""
    return [
        edit(
            "multi-clause",
            "Hamburg capacity up 10% but Berlin capacity down 10%",
            hub_capacity("HAM", factor=1.1),
            hub_capacity("BER", factor=0.9),
        ),
        edit(
            "closures",
            "shut every relay except Magdeburg on Sunday",
            close("BOL", "LJU", "PAM", days=[6]),
        ),
        edit("fleet", "take 3 trailers off Paris", fleet("PAR", trailers_delta=-3)),
        edit(
            "demand",
            "a 15% dip out of Hamburg on Monday",
            scale(0.85, origin_hubs=["HAM"], days=[0]),
        ),
    ]


def _sixth_batch() -> list[Spec]:
    """Held out from the sixth batch, before the interpreter changed for it."""
    return [
        asks("follow-ups", ("close Paris", "start over"), "changed nothing"),
        edit(
            "demand",
            "volumes down 10% from Hamburg and Berlin",
            scale(0.9, origin_hubs=["HAM", "BER"]),
        ),
        edit("closures", "remove the Hamburg-Copenhagen lane", close_lane("HAM-COP")),
        edit(
            "multi-clause",
            "what happens if we lose 10 drivers in the south and Munich closes on Friday?",
            drivers("south", drivers_delta=-10),
            close("MUN", days=[4]),
        ),
        edit(
            "demand",
            "cut volumes for the Nordbau account by 10%",
            scale(0.9, customers=["Nordbau"]),
        ),
    ]


def _eighth_batch() -> list[Spec]:
    """Held out from the eighth batch, before the interpreter changed for it."""
    return [
        asks("dates", "shut Lyon early in the week", "changed nothing"),
        asks("follow-ups", ("volumes up 10% in the north", "halve this"), "changed nothing"),
        asks("follow-ups", ("close Paris", "what about Lyon?"), "Lyon"),
        asks("service", "two-day delivery for all other customers", "changed nothing"),
    ]


def _why_not_batch() -> list[Spec]:
    """Held out for why-not alternatives (forced via hub, forced lane), before tuning."""
    return [
        why(
            "why-not",
            "what if we sent the Berlin to Munich freight through Prague?",
            {"op": "route_via", "lanes": ["BER→MUN"], "via_hub": "PRA"},
        ),
        why(
            "why-not",
            "why aren't we running the Paris–Lyon lane on Tuesday?",
            {"op": "use_lane", "lane": "PAR-LYO", "days": [1]},
        ),
        why(
            "why-not",
            "why don't we ship Hamburg-Köln freight via Hannover?",
            {"op": "route_via", "lanes": ["HAM→KOL"], "via_hub": "HAN"},
        ),
        asks("why-not", "why not route Berlin to Paris freight via Atlantis?", "changed nothing"),
    ]


def _spill_over_batch() -> list[Spec]:
    """Held out for spill-over questions ('… without it spilling into the west'), written
    before the interpreter read them: the change applies where it is said, the other region
    is watched; an unknown, misspelt or negated one changes nothing."""
    return [
        spill(
            "spill-over",
            "if we lose 15% of the drivers in the north, does it cascade into the central region?",
            ("central",),
            drivers("north", factor=0.85),
        ),
        spill(
            "spill-over",
            "close Munich on Tuesday without it spilling over into the east",
            ("east",),
            close("MUN", days=[1]),
        ),
        spill(
            "spill-over",
            "cut drivers in the south by 20% — any knock-on effect on the west?",
            ("west",),
            drivers("south", factor=0.8),
        ),
        spill(
            "spill-over",
            "reduce drivers in the east by 10% without affecting the north",
            ("north",),
            drivers("east", factor=0.9),
        ),
        spill(
            "spill-over",
            "shut Prague on Friday; will that spill into the central region?",
            ("central",),
            close("PRA", days=[4]),
        ),
        spill(
            "spill-over",
            "10% fewer drivers in the west: is there a knock-on on the south?",
            ("south",),
            drivers("west", factor=0.9),
        ),
        spill(
            "spill-over",
            ("close Vienna on Friday", "would that knock on to the north?"),
            ("north",),
        ),
        asks(S, "cut drivers in the north by 10% without spilling into Narnia", "changed nothing"),
        asks(S, "close Hamburg on Monday without cascading into the sout", "south"),
        asks(S, "don't cut drivers in the east — would it spill into the west?", "changed nothing"),
    ]


def _ninth_batch() -> list[Spec]:
    """Held out: written in one go before it was first run, across every family."""
    return [
        edit(
            "demand",
            "what if Polder Flowers' volumes jump by a quarter?",
            scale(1.25, customers=["Polder Flowers"]),
        ),
        edit(
            "demand",
            "knock 5% off everything arriving in the south",
            scale(0.95, destination_regions=["south"]),
        ),
        edit(
            "demand",
            "Baltic Timber is bringing an extra 200 tonnes",
            scale(200.0, delta=True, customers=["Baltic Timber"]),
        ),
        edit(
            "demand",
            "shipments out of Lyon shrink by 10 percent on Mondays",
            scale(0.9, origin_hubs=["LYO"], days=[0]),
        ),
        edit("closures", "Stuttgart is offline on Thursday", close("STU", days=[3])),
        edit("closures", "take Genoa out of the network for the whole week", close("GEN")),
        edit("closures", "what if both Bari and Naples shut?", close("BAI", "NAP")),
        edit("lanes", "the Madrid to Zaragoza lane is closed", close_lane("MAD-ZAR")),
        edit(
            "capacity",
            "halve the trucks allowed on Madrid–Zaragoza",
            lane_capacity("MAD-ZAR", factor=0.5),
        ),
        edit(
            "capacity",
            "Frankfurt am Main can only handle 70% of its usual throughput",
            hub_capacity("FRA", factor=0.7),
        ),
        edit(
            "drivers",
            "the central region is short 8 drivers on Friday",
            drivers("central", [4], drivers_delta=-8),
        ),
        edit("drivers", "give the west 10% more drivers", drivers("west", factor=1.1)),
        edit(
            "drivers",
            "what if drivers everywhere except the south drop 5%?",
            *drivers_everywhere(without=("south",), factor=0.95),
        ),
        edit("fleet", "move 6 trailers from Paris to Brussels", move("PAR", "BRU", 6)),
        edit("fleet", "Hannover gets 5 extra trailers", fleet("HAN", trailers_delta=5)),
        edit("rates", "diesel pushes all rates up 6%", rates(1.06)),
        edit(
            "service",
            "make delivery next-day for Helvetia Pharma Supply",
            {"op": "set_due_hours", "customers": ["Helvetia Pharma Supply"], "due_h": 24.0},
        ),
        asks(S, "volumes rise 10% in Lisbon", "Lisbon", "changed nothing"),
        asks(S, "close Hambrug on Monday", "Hamburg", "changed nothing"),
        asks(S, "increase volumes for Globex by 10%", "Globex", "changed nothing"),
        asks(S, "what if volumes rise 15% in the north-east?", "changed nothing"),
        asks(S, "cut the rates of carrier Speedy by 5%", "Speedy", "changed nothing"),
        edit(
            "multi-clause",
            "close Turin on Wednesday and add 3 drivers in the central region",
            close("TUR", days=[2]),
            drivers("central", drivers_delta=3),
        ),
        edit(
            "multi-clause",
            "volumes into Amsterdam +10% while Brussels is closed Tuesday",
            scale(1.1, destination_hubs=["AMS"]),
            close("BRU", days=[1]),
        ),
        edit(
            "follow-ups",
            ("close Bologna on Friday", "and Genoa too"),
            close("GEN", days=[4]),
        ),
        redo(
            "follow-ups",
            ("volumes in the south up 10%", "make it 15%"),
            scale(1.15, origin_regions=["south"]),
        ),
    ]


def _tenth_batch() -> list[Spec]:
    """Held out: written in one go after the ninth batch's fixes, before it was first run."""
    return [
        edit(
            "demand",
            "Lumen Electronics orders drop by a fifth",
            scale(0.8, customers=["Lumen Electronics"]),
        ),
        edit(
            "demand",
            "what if freight leaving Brussels goes up 7 percent?",
            scale(1.07, origin_hubs=["BRU"]),
        ),
        edit(
            "demand",
            "Danube Agro ships 300 t more on Thursday",
            scale(300.0, delta=True, customers=["Danube Agro"], days=[3]),
        ),
        edit("closures", "Pécs is shut all weekend", close("PEC", days=[5, 6])),
        edit(
            "closures",
            "what if Nantes goes offline on Tuesday and Wednesday?",
            close("NAN", days=[1, 2]),
        ),
        edit(
            "capacity",
            "Bologna loses a quarter of its throughput",
            hub_capacity("BOL", factor=0.75),
        ),
        edit("capacity", "Warsaw can handle 15% more", hub_capacity("WAR", factor=1.15)),
        edit(
            "drivers",
            "the east is down 6 drivers on Monday",
            drivers("east", [0], drivers_delta=-6),
        ),
        edit("drivers", "8% more drivers in the central region", drivers("central", factor=1.08)),
        edit("fleet", "shift 4 trailers from Vienna to Prague", move("VIE", "PRA", 4)),
        edit("rates", "contract carriers charge 3% more", rates(1.03, "contract")),
        edit("lanes", "block the Hamburg to Copenhagen lane", close_lane("HAM-COP")),
        asks(S, "volumes up 10% at Gdansk", "Gdansk", "changed nothing"),
        asks(S, "close Hambourg on Friday", "Hamburg", "changed nothing"),
        asks(S, "what if Electronics volumes grow 10%?", "Lumen Electronics", "changed nothing"),
        asks(S, "volumes up 12 in the south", "changed nothing"),
        edit(
            "multi-clause",
            "close Genoa on Monday and cut drivers in the south by 10%",
            close("GEN", days=[0]),
            drivers("south", factor=0.9),
        ),
        redo(
            "follow-ups",
            ("volumes out of Madrid up 10%", "Sevilla instead"),
            scale(1.1, origin_hubs=["SEV"]),
        ),
    ]


def _eleventh_batch() -> list[Spec]:
    """Held out: written in one go before the binding-constraints question and the
    direction reply existed, and before it was first run."""
    binding = "binding_constraints"
    return [
        tool("explain", "which lanes are maxed out on Friday?", binding),
        tool("explain", "where are the bottlenecks in this plan?", binding),
        tool("explain", "are any hubs running at full capacity?", binding),
        tool("explain", "which regions have run out of drivers?", binding),
        tool("explain", "what is at its limit on Monday?", binding),
        tool("explain", "which hubs have no headroom left on Wednesday?", binding),
        edit(
            "service",
            ("change the service target by 2 points", "up"),
            service(service_target_change=0.02),
        ),
        edit(
            "service",
            ("move the on-time target by 1 point", "lower it"),
            service(service_target_change=-0.01),
        ),
        edit(
            "service",
            ("adjust the service target by 3 points", "higher please"),
            service(service_target_change=0.03),
        ),
        edit(
            "demand",
            "Iberia Fresh volumes climb 12% out of Sevilla",
            scale(1.12, origin_hubs=["SEV"], customers=["Iberia Fresh"]),
        ),
        edit("demand", "inbound to Prague falls by 8%", scale(0.92, destination_hubs=["PRA"])),
        edit(
            "demand",
            "what happens if we lose Polder Flowers?",
            {"op": "remove_demand", "customers": ["Polder Flowers"]},
        ),
        edit("closures", "Kraków is down for maintenance on Thursday", close("KRA", days=[3])),
        edit("closures", "take Tours offline for the whole week", close("TOU")),
        edit("capacity", "cut Lyon's throughput by 20%", hub_capacity("LYO", factor=0.8)),
        edit(
            "lanes",
            "only 3 trucks a day on Berlin–Hamburg",
            lane_capacity("BER-HAM", max_trucks_per_day=3),
        ),
        edit(
            "drivers",
            "we lose 4 drivers in the west on Saturday",
            drivers("west", [5], drivers_delta=-4),
        ),
        edit(
            "drivers",
            "driver availability in the south drops 15%",
            drivers("south", factor=0.85),
        ),
        edit("fleet", "add 5 trailers at Madrid", fleet("MAD", trailers_delta=5)),
        edit("rates", "own-fleet costs go up 4%", rates(1.04, "own")),
        edit("service", "set the on-time target to 96%", service(service_target=0.96)),
        edit(
            "dates",
            "close Nantes the day after tomorrow",
            close("NAN", days=[weekday_in(2)]),
        ),
        edit(
            "multi-clause",
            "Vienna shut on Friday, and freight out of Budapest up 10%",
            close("VIE", days=[4]),
            scale(1.1, origin_hubs=["BUD"]),
        ),
        edit("follow-ups", ("close Turin on Monday", "and on Tuesday too"), close("TUR", days=[1])),
        asks(S, "close Hamburgg on Friday", "Hamburg", "changed nothing"),
        asks(S, "what if Zurich closes on Monday?", "changed nothing"),
        asks(S, "cut drivers in the southwest by 10%", "changed nothing"),
        asks(S, "halve the volumes out of Berln", "Berlin", "changed nothing"),
        edit(
            S,
            "don't close Lyon, just cut its capacity by 10%",
            hub_capacity("LYO", factor=0.9),
        ),
        asks("out-of-scope", "what's the weather in Hamburg tomorrow?", "changed nothing"),
    ]


def _blind_batch() -> list[Spec]:
    """Held out: forty planner chat questions written in one go, with what each should do,
    before the interpreter's code or the other cases were read and before it was first run
    (all forty were written before the fixes they led to)."""
    binding = "binding_constraints"
    return [
        edit("demand", "vol +15% north hubs wk", scale(1.15, origin_regions=["north"])),
        edit("demand", "volumes out of Warsaw -20%", scale(0.8, origin_hubs=["WAR"])),
        edit("demand", "inbound to Rome up a quarter", scale(1.25, destination_hubs=["ROM"])),
        edit("dates", "Nordbau doubles their volume next week", scale(2.0, customers=["Nordbau"])),
        edit(
            "demand",
            "everything except the south +10%",
            scale(1.1, origin_regions=["central", "east", "north", "west"]),
        ),
        edit(
            "demand",
            "scale all demand up 10pct except fridays",
            scale(1.1, days=[0, 1, 2, 3, 5, 6]),
        ),
        edit(
            "dates",
            "Polder Flowers +40% on 24 Dec",
            scale(1.4, customers=["Polder Flowers"], days=[weekday_of(12, 24)]),
        ),
        edit(
            "closures",
            "what happens if hamburg goes down tues and wed",
            close("HAM", days=[1, 2]),
        ),
        edit(
            S,
            "close Brussels on friday but keep it open over the weekend",
            close("BRU", days=[4]),
        ),
        edit("multi-clause", "close Lyon for the week, what does that do to cost?", close("LYO")),
        edit("lanes", "Kraków–Wrocław lane is out", close_lane("KRA-WRO")),
        edit(S, "don't close Paris, just cap it at 50%", hub_capacity("PAR", factor=0.5)),
        edit("closures", "Bologna relay fails on Wednesday", close("BOL", days=[2])),
        edit("lanes", "Berlin-Prague: half the departures", lane_capacity("BER-PRA", factor=0.5)),
        edit("capacity", "Munich throughput down to 80%", hub_capacity("MUN", factor=0.8)),
        edit(
            "capacity",
            "increase hub cap at Stuttgart by 500t",
            hub_capacity("STU", delta_t_per_day=500.0),
        ),
        edit(
            "capacity",
            "Hamburg to 1,200 t/day",
            hub_capacity("HAM", capacity_t_per_day=1200.0),
        ),
        edit(
            "drivers",
            "we lose 10 drivers in the east on monday",
            drivers("east", [0], drivers_delta=-10),
        ),
        edit("drivers", "no drivers in central on sunday", drivers("central", [6], drivers=0)),
        edit("fleet", "add 20 trailers at Madrid", fleet("MAD", trailers_delta=20)),
        edit("fleet", "move 10 trailers from Madrid to Paris", move("MAD", "PAR", 10)),
        edit("rates", "fuel surcharge up 6%", rates(1.06)),
        edit("rates", "contract rates +8%", rates(1.08, "contract")),
        edit(
            "service",
            "Iberia Fresh wants next-day on everything",
            {"op": "set_due_hours", "customers": ["Iberia Fresh"], "due_h": 24.0},
        ),
        edit(
            "service",
            "relax delivery windows by a day for Baltic Timber",
            {"op": "set_due_hours", "customers": ["Baltic Timber"], "delta_h": 24.0},
        ),
        edit(
            "multi-clause",
            "peak week: +30% everywhere and 5% fewer drivers in the north",
            scale(1.3),
            drivers("north", factor=0.95),
        ),
        tool("summary", "whats our on-time this week", "summarise"),
        tool("explain", "which hubs are busiest", binding),
        tool("explain", "how many trucks are we running BER-HAM daily", "lane_traffic"),
        tool("explain", "what would cut cost the most?", "explain"),
        asks(S, "volumes +10% in the nroth", "north", "changed nothing"),
        asks(S, "close Hamburgg tmrw", "Hamburg", "changed nothing"),
        asks(S, "what if Lisbon closes", "Lisbon", "changed nothing"),
        asks(S, "Frankfort volumes up 5%", "Frankfurt am Main", "changed nothing"),
        asks(S, "cut drivers 10% in Scandinavia", "Scandinavia", "changed nothing"),
        asks(S, "Acme Corp volumes up 20%", "ACME Logistics", "changed nothing"),
        asks(S, "raise rates on MAD-LIS by 5%", "LIS", "changed nothing"),
        edit("follow-ups", ("close Berlin on monday", "and Hamburg too"), close("HAM", days=[0])),
        redo(
            "follow-ups",
            ("volumes +20% in the west", "make it 30%"),
            scale(1.3, origin_regions=["west"]),
        ),
        tool("follow-ups", ("drivers down 10% in the south", "undo that"), "undo"),
    ]


def _own_words_batch() -> list[Spec]:
    """Held out: the planners' own words of the issue of that name (greetings before a
    question, 'next week', 'between A and B', an amount said of a carrier kind alone).
    Written in one go before the rules for greetings, 'next week' and 'between' were
    written (the carrier-kind cases after their rule, but never run while writing it)."""
    binding = "binding_constraints"
    return [
        # greetings and politeness before the question
        tool("explain", "hi, how busy is Berlin to Hamburg?", "lane_traffic"),
        tool("explain", "hello — what runs on Madrid→Zaragoza?", "lane_traffic"),
        tool(
            "explain",
            "good morning! how many trucks do we send from Vienna to Budapest on Monday?",
            "lane_traffic",
        ),
        tool("explain", "quick question: how full are the trucks Paris to Lyon", "lane_traffic"),
        tool("explain", "hey team, which lanes are maxed out on Tuesday?", binding),
        tool("explain", "morning all - why is service down?", "explain"),
        edit("closures", "please close Hamburg on Friday", close("HAM", days=[4])),
        edit(
            "demand",
            "Good afternoon, could you raise volumes into Rome by 10%?",
            scale(1.1, destination_hubs=["ROM"]),
        ),
        edit("rates", "hi there, quick one: contract rates +5%", rates(1.05, "contract")),
        asks(S, "hello, close Hamburgg", "Hamburg", "changed nothing"),
        # 'next week': the plan's week
        edit("dates", "what if Hamburg is shut all next week?", close("HAM")),
        edit("dates", "drivers in the east down 10% for next week", drivers("east", factor=0.9)),
        edit("dates", "next week Vienna runs at 80% capacity", hub_capacity("VIE", factor=0.8)),
        edit("dates", "close Prague on Tuesday next week", close("PRA", days=[1])),
        edit(
            "dates",
            "over the coming week, volumes into Rome rise 12%",
            scale(1.12, destination_hubs=["ROM"]),
        ),
        asks("dates", "close Madrid early next week", "which day"),
        asks("dates", "close Madrid the week after next", "which day"),
        asks("dates", "shut Berlin until next week", "which day"),
        # 'between A and B': both directions
        edit(
            "lanes",
            "close the lane between Berlin and Hamburg",
            close_lane("BER-HAM"),
            close_lane("HAM-BER"),
        ),
        edit(
            "lanes",
            "reopen the link between Vienna and Budapest",
            close_lane("VIE-BUD", reopen=True),
            close_lane("BUD-VIE", reopen=True),
        ),
        edit(
            "capacity",
            "cut 2 departures a day between Vienna and Budapest",
            lane_capacity("VIE-BUD", trucks_delta=-2),
            lane_capacity("BUD-VIE", trucks_delta=-2),
        ),
        edit(
            "capacity",
            "halve the trucks running between Madrid and Zaragoza",
            lane_capacity("MAD-ZAR", factor=0.5),
            lane_capacity("ZAR-MAD", factor=0.5),
        ),
        edit(
            "rates",
            "lane rates between Warsaw and Kraków up 3%",
            {"op": "scale_lane_rates", "factor": 1.03, "lanes": ["WAR-KRA", "KRA-WAR"]},
        ),
        edit(
            "demand",
            "freight between Munich and Nuremberg grows 10%",
            scale(1.1, origin_hubs=["MUN"], destination_hubs=["NUR"]),
            scale(1.1, origin_hubs=["NUR"], destination_hubs=["MUN"]),
        ),
        edit(
            "demand",
            "volumes between the north and the east up 8%",
            scale(1.08, origin_regions=["north"], destination_regions=["east"]),
            scale(1.08, origin_regions=["east"], destination_regions=["north"]),
        ),
        tool("explain", "how many trucks run between Berlin and Hamburg?", "lane_traffic"),
        asks("fleet", "move 12 trailers between Paris and Lyon", "which way"),
        # an amount said of a carrier kind alone
        asks(
            "multi-clause",
            "what if demand grows 5% and the own fleet goes up 2%?",
            "own-fleet rates",
        ),
        asks("rates", "tonnage +8%, contractors +4%", "contract rates"),
        edit(
            "multi-clause",
            ("volumes up 5% and own fleet up 2%", "yes"),
            scale(1.05),
            rates(1.02, "own"),
        ),
        edit(
            "multi-clause",
            "grow volumes by 4% and own-fleet rates by 2%",
            scale(1.04),
            rates(1.02, "own"),
        ),
        edit(
            "multi-clause",
            "subcontractor tariffs up 6% and demand down 2%",
            rates(1.06, "contract"),
            scale(0.98),
        ),
    ]


def _openers_and_lanes_batch() -> list[Spec]:
    """Held out: conversational openers ('ok,', 'so', 'well', 'right,') before every kind of
    question, and lane changes 'between' two hubs that no lane joins either way. Written in
    one go before the rules for both were written."""
    binding = "binding_constraints"
    west = "volumes up 10% in the west"
    return [
        # conversational openers before questions that are not changes
        tool("explain", "ok, what runs from Vienna to Budapest on Tuesday?", "lane_traffic"),
        tool("explain", "hmm, how many trucks run between Berlin and Hamburg?", "lane_traffic"),
        tool("explain", "so which hubs are at capacity on Friday?", binding),
        tool("explain", "ok so where are we short of drivers?", binding),
        tool("explain", "well, why is service down?", "explain"),
        tool("explain", "right, what would help most to cut cost?", "explain"),
        tool("summary", "okay so how are we doing on cost?", "summarise"),
        tool("summary", (west, "right, summarise this for the VP"), "summarise"),
        tool("follow-ups", ("close Berlin on Monday", "ok, undo that"), "undo"),
        tool("follow-ups", (west, "alright, compare with live"), "compare"),
        why("why-not", "well, why don't we just close Vienna on Sunday?", close("VIE", days=[6])),
        # 'between' two hubs that no lane joins either way: refused, nothing changed
        edit(
            "lanes",
            "shut the lane between Rome and Berlin",
            close_lane("ROM-BER"),
            close_lane("BER-ROM"),
        ),
        edit(
            "capacity",
            "one more truck a day between Lyon and Hamburg",
            lane_capacity("LYO-HAM", trucks_delta=1),
            lane_capacity("HAM-LYO", trucks_delta=1),
        ),
        edit(
            "rates",
            "rates between Sevilla and Copenhagen up 4%",
            {"op": "scale_lane_rates", "factor": 1.04, "lanes": ["SEV-COP", "COP-SEV"]},
        ),
    ]


def _bounds_batch() -> list[Spec]:
    """Held out: an amount said with a bound ('more than 15%', 'at least 2', 'north of 25%',
    'under 10%', 'upwards of 200 t') is no one number: asked, nothing changed; a reply that
    agrees or names the number does the change with exactly it. An estimate ('roughly',
    '~') is the number, and a limit said as one ('at most 3 trucks a day', 'up to 8 hours
    late') is the limit. Written in one go before the rule."""
    return [
        asks(S, "what if freight out of the south grows by more than 15%?", "15%", "one number"),
        asks(S, "suppose demand into Madrid falls by at least 10 per cent", "10%"),
        asks(S, "tonnage leaving Vienna up north of 25%", "25%", "one number"),
        asks(S, "drivers in the east down by under 10%", "10%", "one number"),
        asks(S, "at least 2 more trucks a day from Hamburg to Copenhagen", "2", "one number"),
        asks(S, "add upwards of 200 t of freight into Rome", "200", "one number"),
        edit(
            "follow-ups",
            ("demand out of the south climbs by over 12%", "yes"),
            scale(1.12, origin_regions=["south"]),
        ),
        edit(
            "follow-ups",
            ("add more than 100 t of freight leaving Vienna", "150 t"),
            scale(150.0, delta=True, origin_hubs=["VIE"]),
        ),
        edit(
            "follow-ups",
            ("cut drivers in the north by up to 10%", "ok"),
            drivers("north", factor=0.9),
        ),
        edit(
            "demand",
            "freight into the west up roughly 12%",
            scale(1.12, destination_regions=["west"]),
        ),
        edit("demand", "Nordbau volumes up ~20%", scale(1.2, customers=["Nordbau"])),
        edit(
            "capacity",
            "Hamburg to Copenhagen: at most 3 trucks a day",
            lane_capacity("HAM-COP", max_trucks_per_day=3),
        ),
        edit("service", "accept freight up to 8 hours late", service(max_late_h=8.0)),
    ]


def _negated_bounds_batch() -> list[Spec]:
    """Held out: a bound that starts with 'no' or 'not' ('no more than 3 trucks a day', 'not
    exceeding 30 drivers', 'no fewer than 2 more trucks') is the limit or bound it states,
    never a negation; a bound on freight said without a verb ('more than 100 t of freight
    leaving Vienna') is asked about and the reply adds that freight. Written in one go before
    the rule."""
    return [
        edit(
            "capacity",
            "no more than 3 trucks a day from Hamburg to Copenhagen",
            lane_capacity("HAM-COP", max_trucks_per_day=3),
        ),
        edit(
            "capacity",
            "Hamburg to Copenhagen: not more than 3 trucks a day",
            lane_capacity("HAM-COP", max_trucks_per_day=3),
        ),
        asks(S, "no fewer than 2 more trucks a day from Hamburg to Copenhagen", "2", "one number"),
        asks(S, "not less than 10% more freight out of the south", "10%", "one number"),
        edit(
            "follow-ups",
            ("more than 100 t of freight leaving Vienna", "yes"),
            scale(100.0, delta=True, origin_hubs=["VIE"]),
        ),
        edit(
            "follow-ups",
            ("over 100 t of freight into Rome", "120 t"),
            scale(120.0, delta=True, destination_hubs=["ROM"]),
        ),
    ]


def _actuals_batch() -> list[Spec]:
    """Other ways of asking how a week went, of answering 'the plan or the actuals?', and of
    asking to learn from past weeks."""
    f = "actuals"
    return [
        tool(f, "how did we do last week?", "week_review"),
        tool(f, "actuals against the plan please", "week_review"),
        tool(f, "what went wrong last week?", "week_review"),
        tool(f, "how is this week going vs plan?", "week_review"),
        tool(f, ("to date, how is service looking?", "actuals please"), "week_review"),
        tool(f, ("so far, what is limiting service?", "the plan"), "explain"),
        tool(f, "recalibrate demand using the past three weeks", "calibrate"),
        tool(f, "can we learn from what actually happened?", "calibrate"),
        tool(f, "tune the forecast to recent weeks", "calibrate"),
    ]


def _no_silent_scope_batch() -> list[Spec]:
    """A unit, a way or a day the planner did not say, kept from the conversation or asked."""
    return [
        redo(
            "follow-ups",
            ("grow volumes out of the west by 10%", "make it 15"),
            scale(1.15, origin_regions=["west"]),
        ),
        redo(
            "follow-ups",
            ("6 fewer drivers in the south", "make it 4"),
            drivers("south", drivers_delta=-4),
        ),
        edit("dates", "shut Lyon tmr", close("LYO", days=[weekday_in(1)])),
        asks("closures", "a 6-hour outage at Hamburg on Monday", "whole day", "changed nothing"),
        asks("fleet", "can we manage with 15% fewer trailers?", "counted per hub"),
        edit("closures", "would the network survive losing Köln?", close("KOL")),
        edit(
            "service",
            "push the delivery promise to 36h for the north",
            {"op": "set_due_hours", "origin_regions": ["north"], "due_h": 36.0},
        ),
        edit(
            "service",
            "give Paris 3 days for delivery",
            {"op": "set_due_hours", "hubs": ["PAR"], "due_h": 72.0},
        ),
        edit("multi-clause", "close Köln. Then tell me how the west does", close("KOL")),
        tool("explain", "which lanes matter most to the network?", "critical"),
        tool("explain", "where are we most vulnerable?", "critical"),
        edit("capacity", "no trucks from Paris to Lyon", close_lane("PAR-LYO")),
        edit("capacity", "zero departures Lyon to Paris", close_lane("LYO-PAR")),
        edit(
            "multi-clause",
            "volumes out of the south up 10% on Monday and 25% on Friday",
            scale(1.1, origin_regions=["south"], days=[0]),
            scale(1.25, origin_regions=["south"], days=[4]),
        ),
        asks("demand", "300 t of freight out of Lyon", "go up or down by 300 t"),
        asks("unknown-typo-negation", "raise volumes elsewhere by 5%", "Elsewhere than where"),
        edit(
            "follow-ups",
            ("300 t of freight out of Lyon", "down"),
            scale(-300.0, delta=True, origin_hubs=["LYO"]),
        ),
        edit(
            "capacity",
            "rather than shutting Köln, halve its capacity",
            hub_capacity("KOL", factor=0.5),
        ),
    ]


def _either_end_transit_batch() -> list[Spec]:
    """Written before reading the interpreter's answers to them: regions at either end, lane
    transit, shares of counts, every hub on a day, date spans, from-to amounts, routes,
    promises, carrier follow-ups, plan questions."""
    transit = "set_lane_transit"
    return [
        edit("demand", "freight handled at the western hubs up 5%", scale(1.05, regions=["west"])),
        edit("demand", "volumes into and out of the east +8%", scale(1.08, regions=["east"])),
        edit(
            "capacity",
            "Köln to Brussels is 45 minutes slower",
            {"op": transit, "lanes": ["KOL-BRU"], "add_h": 0.75},
        ),
        edit(
            "capacity",
            "add an hour to the Munich-Vienna transit",
            {"op": transit, "lanes": ["MUN-VIE"], "add_h": 1.0},
        ),
        edit(
            "capacity",
            "Berlin to Hamburg takes 5 hours",
            {"op": transit, "lanes": ["BER-HAM"], "transit_h": 5.0},
        ),
        edit("drivers", "two in ten drivers in the south are off", drivers("south", factor=0.8)),
        edit(
            "capacity",
            "half of the Paris to Lyon departures cancelled",
            lane_capacity("PAR-LYO", factor=0.5),
        ),
        edit("closures", "shut every hub on Sunday", close(*_ALL_HUBS, days=[6])),
        asks("closures", "close every hub", "changed nothing"),
        edit(
            "dates",
            "close Köln from 14 to 15 December",
            close("KOL", days=sorted({weekday_of(12, 14), weekday_of(12, 15)})),
        ),
        edit(
            "capacity",
            "Paris to Lyon from 4 to 6 trucks a day",
            lane_capacity("PAR-LYO", max_trucks_per_day=6),
        ),
        edit(
            "multi-clause",
            "reroute Berlin-Hamburg freight through Hannover",
            {"op": "route_via", "lanes": ["BER→HAM"], "via_hub": "HAN"},
        ),
        edit(
            "service",
            "36-hour delivery for Ferromont",
            {"op": "set_due_hours", "customers": ["Ferromont"], "due_h": 36.0},
        ),
        asks("demand", "20 t a day more freight out of Madrid", "changed nothing"),
        redo("follow-ups", ("contract rates up 4%", "own fleet instead"), rates(1.04, "own")),
        tool("explain", "which lanes carry empty trailers?", "lane_fill"),
        tool("explain", "where are deliveries late?", "explain"),
        edit(
            "demand",
            "cut Ferromont's freight to zero",
            {"op": "remove_demand", "customers": ["Ferromont"]},
        ),
    ]


def _new_business_batch() -> list[Spec]:
    """Written before reading the interpreter's answers to them: new customers and lanes,
    results of the plan and money said as changes, trailers given, corrections of a name."""
    return [
        edit(
            "demand",
            "we've landed a new account, Helios, 60 t a day Amsterdam to Stuttgart",
            add_demand("AMS", "STU", 60.0, customer="Helios"),
        ),
        edit(
            "demand",
            "new client Kestrel shipping 15 tonnes per day from Poznań to Wrocław",
            add_demand("POZ", "WRO", 15.0, customer="Kestrel"),
        ),
        edit(
            "demand",
            "new flow of 140 t a week, Tuesdays and Thursdays, Lyon to Genoa",
            add_demand("LYO", "GEN", 70.0, days=[1, 3]),
        ),
        asks("demand", "new customer Vela: 500 t a month from Bari to Naples", "changed nothing"),
        asks("demand", "signed a new deal for 40 t daily out of Madrid", "changed nothing"),
        edit(
            "capacity",
            "set up a new own-fleet lane from Tours to Nantes",
            {"op": "add_lane", "origin": "TOU", "destination": "NAN", "carrier": "own"},
        ),
        edit(
            "capacity",
            "what if we created a link between Bari and Pécs",
            {"op": "add_lane", "origin": "BAI", "destination": "PEC"},
            {"op": "add_lane", "origin": "PEC", "destination": "BAI"},
        ),
        asks(S, "cut the backlog in Hamburg by 40%", "changed nothing"),
        asks(S, "halve the late deliveries into Vienna", "changed nothing"),
        asks(S, "Munich is running 25% above capacity", "changed nothing"),
        asks(S, "the Köln-Brussels lane is €80 dearer per truck", "changed nothing"),
        edit("fleet", "give Murcia 3 of Sevilla's trailers", move("SEV", "MUR", 3)),
        edit("fleet", "Bologna lends 2 trailers to Turin", move("BOL", "TUR", 2)),
        edit("demand", "ex-Budapest freight down 7%", scale(0.93, origin_hubs=["BUD"])),
        redo(
            "follow-ups",
            ("close Brest on Sunday", "no, not Brest — Nantes"),
            close("NAN", days=[6]),
        ),
        asks(
            "follow-ups",
            ("drivers in the west up 8%", "and how about the south?"),
            "changed nothing",
        ),
        asks("demand", "we lost 120 t between Turin and Genoa", "changed nothing"),
    ]


def _joined_changes_batch() -> list[Spec]:
    """Written before reading the interpreter's answers to them: whole changes joined in one
    sentence, kinds of hub and trucks without a thing, customers' terms, money questions."""
    return [
        edit(
            "multi-clause",
            "Genoa shuts on Thursday and demand grows 6%",
            close("GEN", days=[3]),
            scale(1.06),
        ),
        edit(
            "multi-clause",
            "drivers in the south -5% with Naples closed on Monday",
            drivers("south", factor=0.95),
            close("NAP", days=[0]),
        ),
        edit(
            "multi-clause",
            "close Pamplona — cut drivers in the west by 4%",
            close("PAM"),
            drivers("west", factor=0.96),
        ),
        asks(S, "every depot down 15%", "changed nothing"),
        asks(S, "triple the trucks out of Warsaw", "changed nothing"),
        asks(S, "Alpenmilch's penalty for late delivery doubles", "changed nothing"),
        asks(S, "reduce undelivered freight into Rome by 25%", "changed nothing"),
        asks(S, "Poznań is 12% above capacity on Tuesdays", "changed nothing"),
        tool("explain", "where are we bleeding money?", "explain"),
        tool("explain", "promote this scenario", "propose"),
        edit(
            "demand",
            "freight handled by the relays up 9%",
            scale(1.09, hubs=sorted(h.id for h in demo_network().hubs if h.kind == "relay")),
        ),
    ]
