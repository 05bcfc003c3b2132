#!/usr/bin/env python3
"""The official tencentcloud-sdk-python doing what one runbook step does, in a loop: for each
"ENI INSTANCE" line on stdin, AttachNetworkInterface, then DescribeVpcTaskResult every 0.2 s
(tceni's own poll interval) until the task ends, then DescribeNetworkInterfaces to see where the
ENI is. One process for the whole loop (the SDK's import cost is paid once).

Usage: sdk_attach_wait.py URL REGION < pairs
"""

import sys
import time
import uuid

from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.vpc.v20170312 import models, vpc_client

# The sandbox's documented demo credentials (tceni::sandbox::DEMO_*); they open nothing else.
DEMO_ID = "AKIDSANDBOXDEMO000000000000000000000"
DEMO_KEY = "SANDBOXDEMOKEY000000000000000000"


def main():
    url, region = sys.argv[1], sys.argv[2]
    http = HttpProfile(protocol="http", endpoint=url.split("://", 1)[-1].rstrip("/"))
    client = vpc_client.VpcClient(credential.Credential(DEMO_ID, DEMO_KEY), region, ClientProfile(httpProfile=http))
    for line in sys.stdin:
        eni, ins = line.split()
        req = models.AttachNetworkInterfaceRequest()
        req.NetworkInterfaceId, req.InstanceId, req.ClientToken = eni, ins, str(uuid.uuid4())
        task = client.AttachNetworkInterface(req).RequestId
        while True:
            time.sleep(0.2)
            poll = models.DescribeVpcTaskResultRequest()
            poll.TaskId = task
            status = client.DescribeVpcTaskResult(poll).Status
            if status != "RUNNING":
                break
        if status != "SUCCESS":
            sys.exit(f"{eni}: task {status}")
        check = models.DescribeNetworkInterfacesRequest()
        check.NetworkInterfaceIds = [eni]
        client.DescribeNetworkInterfaces(check)


if __name__ == "__main__":
    main()
