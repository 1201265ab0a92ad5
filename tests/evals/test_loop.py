"""The closing-the-loop benchmark: calibration brings the forecast error down to the noise floor."""

from __future__ import annotations

import json

import pytest

from evals.loop import (
    main,
    projection_accuracy,
    rebalance_cost,
    run,
    watcher_precision,
    weighted_mape,
)
from solver import SimulationSettings, cheapest_path_plan, demo_network, simulate_week
from tests.solver.nets import demand, hub, lane, network


def test_weighted_mape_by_hand() -> None:
    forecast = {("A-B", 0): 10.0, ("A-B", 1): 5.0}
    actuals = [{("A-B", 0): 12.0, ("B-C", 0): 3.0}]
    # |12-10| + |0-5| + |3-0| over 12 + 3
    assert weighted_mape(forecast, actuals) == pytest.approx(10 / 15)


def test_rebalancing_takes_the_cheapest_own_fleet_moves_back() -> None:
    """Two trailers left at C go back to A by the cheaper of the direct lane (300 EUR a
    truck) and the way through B (100 + 150): 2 × 250 EUR; contract lanes never carry
    them, and trailers no own-fleet lane can bring back are an error naming the hubs."""
    net = network(
        "triangle",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma"), hub("D", "Delta")],
        [
            lane("A", "C", carrier="own"),
            lane("C", "A", carrier="own", cost_eur_per_truck=300.0),
            lane("C", "B", carrier="own"),
            lane("B", "A", carrier="own", cost_eur_per_truck=150.0),
            lane("C", "A", id="C-A-contract", cost_eur_per_truck=10.0),
            lane("D", "A"),
        ],
        [demand("D1", "A", "C", 20.0)],
    )
    assert rebalance_cost(net, {"A": -2, "C": 2}) == pytest.approx(500.0)
    assert rebalance_cost(net, {"A": 0, "C": 0}) == 0.0
    with pytest.raises(ValueError, match="hubs A, D"):
        rebalance_cost(net, {"A": -1, "D": 1})  # D has contract lanes only


def test_calibration_brings_the_error_to_the_floor() -> None:
    """The calibrated plan forecasts the fresh weeks' lane-day tonnes about as well as one
    knowing the planted demand bias exactly, and the trucks' lateness (the simulator's
    trucks always run a little late) is proposed as lane transit times beside the demand
    factors."""
    report = run(hubs=8, seed=3, train_weeks=4, test_weeks=2)
    assert report.forecast_error_after < report.forecast_error_before
    assert report.forecast_error_ratio == pytest.approx(
        report.forecast_error_after / report.forecast_error_before, rel=1e-4
    )
    assert report.forecast_error_after <= report.forecast_error_oracle * 1.15
    assert any("transit" in e for e in report.proposed_edits)
    assert any(e.startswith("Scale demand") for e in report.proposed_edits)
    optimised = report.optimised_after
    assert optimised is not None and report.optimised_before is not None
    assert optimised.forecast_error < report.optimised_before.forecast_error


def test_json_has_the_issue_keys(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--hubs", "6", "--seed", "2", "--train-weeks", "2", "--test-weeks", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    for key in (
        "forecast_error_ratio",
        "alert_precision",
        "imbalance_mae_trailers",
        "playbook_answer_s",
    ):
        assert key in data


def test_projection_accuracy_is_zero_error_when_the_week_runs_to_plan() -> None:
    """A week executed exactly as planned is projected exactly, and raises no alert."""
    net = demo_network(hubs=6, seed=2)
    plan = cheapest_path_plan(net)
    calm = SimulationSettings(
        seed=1, demand_sigma=0, customer_sigma=0, region_sigma=0, transit_sigma_h=0,
        driver_absence=0,
    )  # fmt: skip
    week = simulate_week(net, plan, calm, "2026-W49")
    result = projection_accuracy(net, plan, [week])
    assert result.mae == 0.0 and result.hub_days > 0
    assert result.alerts == 0 and result.precision is None


def test_json_reports_the_projection_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    """The projection's MAE and alert precision are numbers within their ranges."""
    main(["--hubs", "6", "--seed", "2", "--train-weeks", "2", "--test-weeks", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["imbalance_mae_trailers"] >= 0 and data["imbalance_hub_days"] > 0
    assert data["alert_precision"] is None or 0 <= data["alert_precision"] <= 1
    assert data["replan_s"] > 0
    # the playbook's question was answered from it (a number, not null), well within a second
    assert data["playbook_answer_s"] is not None and data["playbook_answer_s"] < 1.0
    assert data["playbook"].endswith("down on Wednesday")


def test_alert_precision_comes_from_the_watchers_alerts() -> None:
    """The watcher, fed a calm week day by day, raises nothing; fed a stormy one, it raises
    imbalance alerts once each, and every one it raises is scored against the week."""
    net = demo_network(hubs=6, seed=2)
    plan = cheapest_path_plan(net)
    calm = SimulationSettings(
        seed=1, demand_sigma=0, customer_sigma=0, region_sigma=0, transit_sigma_h=0,
        driver_absence=0,
    )  # fmt: skip
    quiet = watcher_precision(net, plan, [simulate_week(net, plan, calm, "2026-W49")])
    assert quiet.alerts == 0 and quiet.precision is None
    stormy = SimulationSettings(
        seed=5, region_bias={r: 0.5 for r in net.regions[:2]}, outage_hub=net.hubs[0].id,
        outage_day=0,
    )  # fmt: skip
    week = simulate_week(net, plan, stormy, "2026-W49")
    loud = watcher_precision(net, plan, [week])
    assert loud.alerts > 0 and loud.precision is not None and 0 <= loud.precision <= 1
    # one alert per hub, day and direction: never more than the hub-days watched
    assert loud.alerts <= len(net.hubs) * 6
