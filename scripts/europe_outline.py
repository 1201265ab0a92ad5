"""Build ``assistant/static/europe-outline.geojson``: Europe's country outlines for the maps.

The source is Natural Earth's 1:50m countries (public domain) as TopoJSON, from the npm
package ``world-atlas`` (``npm pack world-atlas@2.0.2``, file ``countries-50m.json``). The
TopoJSON is decoded, every ring clipped to a box around Europe, coordinates rounded to
0.01° (about 1 km) and repeated points dropped, so the file stays small and the maps draw
country outlines without any tile server or download.

    python scripts/europe_outline.py package/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

BOX = (-25.0, 34.0, 45.0, 72.0)
"""West, south, east, north edges of the area kept (degrees)."""
OUT = Path(__file__).resolve().parents[1] / "assistant" / "static" / "europe-outline.geojson"

Point = tuple[float, float]


def _arcs(topology: dict[str, object]) -> list[list[Point]]:
    """The topology's arcs in degrees (delta-decoded and transformed when quantized)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:  # type: ignore[attr-defined]
        if isinstance(transform, dict):
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _clip(ring: list[Point]) -> list[Point]:
    """Sutherland–Hodgman clipping of a closed ring to :data:`BOX`."""
    west, south, east, north = BOX
    edges: list[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]]] = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    out = ring
    for inside, cross in edges:
        if not out:
            break
        current, out = out, []
        prev = current[-1]
        for p in current:
            if inside(p):
                if not inside(prev):
                    out.append(cross(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cross(prev, p))
            prev = p
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _rounded(ring: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, 2), round(y, 2)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else []


def build(source: Path) -> dict[str, object]:
    """The GeoJSON FeatureCollection of Europe's clipped country outlines."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]]
            if kind == "Polygon"
            else geometry["arcs"]
            if kind == "MultiPolygon"
            else []
        )
        kept = []
        for polygon in polygons:
            rings = [_rounded(_clip(_ring(r, arcs))) for r in polygon]
            if rings and rings[0]:
                kept.append([r for r in rings if r])
        if kept:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
    features.sort(key=lambda f: str(f["properties"]["name"]))  # type: ignore[index]
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m countries (public domain), via world-atlas 2.0.2",
        "bbox": list(BOX),
        "features": features,
    }


def main() -> None:
    """Write the outline file from the TopoJSON named on the command line."""
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/europe_outline.py countries-50m.json")
    data = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['features'])} countries, {OUT.stat().st_size:,} bytes")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
