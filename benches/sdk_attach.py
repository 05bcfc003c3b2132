#!/usr/bin/env python3
"""One AttachNetworkInterface with the official tencentcloud-sdk-python, as a whole process.

The peer of `tceni attach --no-preflight --no-wait --yes` in benches/attach_vs_sdk.sh: import
the SDK, sign, send, read the answer, exit. Exit status 0 when the call is accepted.

Usage: sdk_attach.py URL [detach]   (URL: the sandbox's http://127.0.0.1:PORT)
With `detach`, the undo (DetachNetworkInterface), used untimed between runs.
"""

import sys
import uuid

from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.vpc.v20170312 import models, vpc_client

# The sandbox's documented demo credentials (tceni::sandbox::DEMO_*); they open nothing else.
DEMO_ID = "AKIDSANDBOXDEMO000000000000000000000"
DEMO_KEY = "SANDBOXDEMOKEY000000000000000000"


def main():
    url = sys.argv[1]
    endpoint = url.split("://", 1)[-1].rstrip("/")
    http = HttpProfile(protocol="http", endpoint=endpoint)
    client = vpc_client.VpcClient(
        credential.Credential(DEMO_ID, DEMO_KEY), "ap-guangzhou", ClientProfile(httpProfile=http)
    )
    detach = len(sys.argv) > 2 and sys.argv[2] == "detach"
    req = models.DetachNetworkInterfaceRequest() if detach else models.AttachNetworkInterfaceRequest()
    req.NetworkInterfaceId = "eni-free0001"
    req.InstanceId = "ins-web00001"
    req.ClientToken = str(uuid.uuid4())
    call = client.DetachNetworkInterface if detach else client.AttachNetworkInterface
    resp = call(req)
    print(resp.RequestId)


if __name__ == "__main__":
    main()
