#!/usr/bin/env python3
"""Independent checker of a VROOM-format solution with driver breaks
(bench/vrp_breaks.sh): reads the problem and a solution, replays every
route from the matrices and prints one line:

    routes distance cost unassigned ok [reason]

Rules checked (VROOM 1.14's, the ones doc/routing.md states): every job
once (or unassigned), the load of a route's deliveries within the
vehicle's capacity, every used vehicle takes each of its breaks once and
in the order given, each break starts inside one of its windows and not
before the vehicle left the previous stop (the drive not done before the
break follows it), each job starts inside one of its windows, the route
ends within the vehicle's working hours.  Distance and cost are
recomputed from the matrices (cost: the costs matrix, or the durations,
plus each used vehicle's fixed cost), not read from the solution.
"""
import json
import sys

TOL = 1e-6


def window_start(windows, t):
    """earliest start >= t inside one of the windows, or None"""
    if not windows:
        return t
    for a, b in windows:
        if t <= b + TOL:
            return max(t, a)
    return None


def check_route(prob, route, jobs_by_id, seen):
    veh = next(v for v in prob["vehicles"] if v["id"] == route["vehicle"])
    mat = prob["matrices"]["car"]
    dur, dist = mat["durations"], mat.get("distances")
    costm = mat.get("costs", dur)
    brk = veh.get("breaks", [])
    steps = route["steps"]
    tw_end = veh.get("time_window", [0, float("inf")])[1]
    load = 0
    prev = veh.get("start_index")
    c = steps[0]["arrival"]
    if steps[0]["type"] != "start":
        return None, "route without a start step"
    d = cost = 0.0
    r = None  # drive left in the current gap
    nb = 0
    for s in steps[1:]:
        t = s["type"]
        if t == "break":
            if nb >= len(brk) or brk[nb]["id"] != s["id"]:
                return None, "break %s out of order" % s.get("id")
            b = brk[nb]
            nb += 1
            if r is None:
                # first break of this gap: the drive to the next stop
                nxt = next((x for x in steps[steps.index(s):] if x["type"] != "break"), None)
                to = (jobs_by_id[nxt["id"]]["location_index"] if nxt["type"] == "job"
                      else veh.get("end_index"))
                r = dur[prev][to] if prev is not None and to is not None else 0
            st = s["arrival"] + s.get("waiting_time", 0)
            if st < c - TOL or window_start(b.get("time_windows"), st) is None or \
                    abs(window_start(b.get("time_windows"), st) - st) > TOL:
                return None, "break %d starts at %g (vehicle free at %g)" % (b["id"], st, c)
            if "max_load" in b and load > b["max_load"][0] + TOL:
                return None, "break %d with load %g" % (b["id"], load)
            done = min(r, max(0, st - c))
            r -= done
            c = st + b.get("service", 0)
            continue
        if t == "job":
            j = jobs_by_id[s["id"]]
            if s["id"] in seen:
                return None, "job %d twice" % s["id"]
            seen.add(s["id"])
            to = j["location_index"]
        elif t == "end":
            to = veh.get("end_index")
        else:
            return None, "step type %s" % t
        if r is None:
            r = dur[prev][to] if prev is not None and to is not None else 0
        if prev is not None and to is not None:
            d += dist[prev][to] if dist else 0
            cost += costm[prev][to]
        c += r
        r = None
        if t == "job":
            st = window_start(j.get("time_windows"), c)
            if st is None:
                return None, "job %d reached at %g, after its windows" % (j["id"], c)
            c = st + j.get("service", 0)
            load += j.get("delivery", [0])[0]
        elif c > tw_end + TOL:
            return None, "vehicle %d back at %g > %g" % (veh["id"], c, tw_end)
        if to is not None:
            prev = to
    if nb != len(brk):
        return None, "vehicle %d took %d of %d breaks" % (veh["id"], nb, len(brk))
    if load > veh.get("capacity", [float("inf")])[0] + TOL:
        return None, "vehicle %d load %g" % (veh["id"], load)
    return (d, cost + veh.get("costs", {}).get("fixed", 0)), None


def main():
    prob = json.load(open(sys.argv[1]))
    sol = json.load(open(sys.argv[2]))
    scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    jobs_by_id = {j["id"]: j for j in prob["jobs"]}
    seen = set()
    dist = cost = 0.0
    for route in sol["routes"]:
        res, why = check_route(prob, route, jobs_by_id, seen)
        if res is None:
            print("%d nan nan %d 0 %s" % (len(sol["routes"]), len(sol["unassigned"]), why.replace(" ", "_")))
            return
        dist += res[0]
        cost += res[1]
    unas = {u["id"] for u in sol["unassigned"]}
    ok = len(seen) + len(unas) == len(jobs_by_id) and not (seen & unas)
    print("%d %.2f %.0f %d %d" % (len(sol["routes"]), dist / scale, cost,
                                  len(unas), 1 if ok else 0))


if __name__ == "__main__":
    main()
