#!/usr/bin/env python3
"""The runbook benchmark's world and runbooks: the built-in sandbox world plus a region,
ap-chengdu, with 10 RUNNING instances (each its primary ENI, room for 60) and STEPS free ENIs.

Usage: runbook_world.py WORLD_IN WORLD_OUT RUNBOOK_OUT STEPS
Writes WORLD_OUT (for `tceni sandbox --world`) and RUNBOOK_OUT (STEPS attaches: ENI i to
instance i mod 10), and prints one line per step, "ENI INSTANCE", for the loops.
"""

import json
import sys

world_in, world_out, runbook_out, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
REGION, SUBNET, SG = "ap-chengdu", "subnet-cdbench1", "sg-cdbench1"
world = json.load(open(world_in))
instances, enis = [], []
for i in range(10):
    ins = f"ins-bnch{i:04d}"
    instances.append({
        "id": ins, "name": f"bench-{i}", "instance_type": "S5.LARGE8", "cpu": 4, "memory": 8,
        "state": "RUNNING", "subnet": SUBNET, "private_ips": [f"10.40.0.{10 + i}"],
        "security_groups": [SG], "eni_limit": 60, "created": "2024-09-01T08:00:00Z",
    })
    enis.append({
        "id": f"eni-bp{i:06d}", "name": f"bench-{i}-primary", "subnet": SUBNET, "security_groups": [SG],
        "primary": True, "mac": f"20:90:6F:40:00:{i:02X}", "private_ips": [f"10.40.0.{10 + i}"],
        "attachment": {"instance": ins, "device_index": 0, "attach_time": "2024-09-01 16:05:00"},
        "created": "2024-09-01 16:00:00",
    })
pairs = []
for n in range(steps):
    eni = f"eni-bf{n:06d}"
    enis.append({
        "id": eni, "name": f"bench-free-{n}", "subnet": SUBNET, "security_groups": [SG],
        "mac": f"20:90:6F:41:{n // 256:02X}:{n % 256:02X}", "private_ips": [f"10.40.{1 + n // 250}.{n % 250 + 2}"],
        "created": "2024-09-01 16:00:00",
    })
    pairs.append((eni, f"ins-bnch{n % 10:04d}"))
world["regions"].append({
    "region": REGION,
    "vpcs": [{"id": "vpc-cdbench1", "name": "bench", "cidr": "10.40.0.0/16"}],
    "subnets": [{"id": SUBNET, "name": "bench", "vpc": "vpc-cdbench1", "zone": "ap-chengdu-1", "cidr": "10.40.0.0/16"}],
    "security_groups": [{"id": SG, "name": "bench"}],
    "instances": instances,
    "enis": enis,
})
json.dump(world, open(world_out, "w"))
with open(runbook_out, "w") as out:
    out.write(f'name = "bench {steps}"\nregion = "{REGION}"\n')
    for eni, ins in pairs:
        out.write(f'\n[[steps]]\nop = "attach"\neni = "{eni}"\ninstance = "{ins}"\n')
for eni, ins in pairs:
    print(eni, ins)
