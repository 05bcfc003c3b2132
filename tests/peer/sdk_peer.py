#!/usr/bin/env python3
"""Peer test: the official tencentcloud-sdk-python against `tceni sandbox`.

If the SDK (the reference client) gets success where it should and the right error codes where
it should, the sandbox's signature checks and envelopes agree with what real clients send.

Usage: sdk_peer.py --endpoint 127.0.0.1:PORT
Exit status 0 when every check passes; each check prints one line.
"""

import argparse
import sys
import time
import uuid

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cvm.v20170312 import cvm_client
from tencentcloud.cvm.v20170312 import models as cvm_models
from tencentcloud.region.v20220627 import region_client
from tencentcloud.region.v20220627 import models as region_models
from tencentcloud.sts.v20180813 import models as sts_models
from tencentcloud.sts.v20180813 import sts_client
from tencentcloud.vpc.v20170312 import vpc_client
from tencentcloud.vpc.v20170312 import models as vpc_models

# The sandbox's documented demo credentials (tceni::sandbox::DEMO_*); they open nothing else.
DEMO_ID = "AKIDSANDBOXDEMO000000000000000000000"
DEMO_KEY = "SANDBOXDEMOKEY000000000000000000"
TEMP_ID = "AKIDSANDBOXTEMP000000000000000000000"
TEMP_KEY = "SANDBOXTEMPKEY000000000000000000"
TEMP_TOKEN = "SANDBOXDEMOTOKEN-not-a-real-token-0000"
REGION = "ap-guangzhou"
# The world's incident-move region (README, "Incident-move scenarios").
MIGRATE_REGION = "ap-shanghai"
# sts: the sandbox's account, a role in it and one in another account, and the OIDC token it
# accepts (tceni::sandbox::DEMO_WEB_IDENTITY_TOKEN).
ACCOUNT = "100000000001"
ROLE_ARN = "qcs::cam::uin/100000000001:roleName/ops"
CROSS_ROLE_ARN = "qcs::cam::uin/200000000002:roleName/deploy"
WEB_IDENTITY_TOKEN = "SANDBOX-OIDC-TOKEN-not-a-real-jwt-0000"

failures = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail and not ok else ""))
    if not ok:
        failures.append(name)


def profile(endpoint, method="POST"):
    # HttpProfile's parameter is `protocol` (stored as `scheme`); the endpoint is host:port.
    return ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=endpoint, reqMethod=method))


def vpc(endpoint, cred, region=REGION):
    return vpc_client.VpcClient(cred, region, profile(endpoint))


def error_code(call):
    try:
        call()
    except TencentCloudSDKException as e:
        return e.get_code()
    return "ok"


def attach_and_wait(client):
    req = vpc_models.AttachNetworkInterfaceRequest()
    req.NetworkInterfaceId = "eni-free0004"
    req.InstanceId = "ins-web00001"
    req.ClientToken = str(uuid.uuid4())
    task_id = client.AttachNetworkInterface(req).RequestId
    check("AttachNetworkInterface accepted", bool(task_id))
    status = wait_task(client, task_id)
    check("DescribeVpcTaskResult reaches SUCCESS", status == "SUCCESS", status)


def wait_task(client, task_id):
    """Poll DescribeVpcTaskResult until the task leaves RUNNING (or 15 s pass); its last Status."""
    poll = vpc_models.DescribeVpcTaskResultRequest()
    poll.TaskId = task_id
    deadline = time.time() + 15
    status = "RUNNING"
    while status == "RUNNING" and time.time() < deadline:
        status = client.DescribeVpcTaskResult(poll).Status
        if status == "RUNNING":
            time.sleep(0.1)
    return status


def attachment_of(client, eni_id):
    req = vpc_models.DescribeNetworkInterfacesRequest()
    req.NetworkInterfaceIds = [eni_id]
    eni = client.DescribeNetworkInterfaces(req).NetworkInterfaceSet[0]
    instance = eni.Attachment.InstanceId if eni.Attachment else None
    device = eni.Attachment.DeviceIndex if eni.Attachment else None
    return instance, device, eni.State


def migrate(client, eni_id, source, destination):
    """One move to SUCCESS, checked with DescribeNetworkInterfaces."""
    req = vpc_models.MigrateNetworkInterfaceRequest()
    req.NetworkInterfaceId = eni_id
    req.SourceInstanceId = source
    req.DestinationInstanceId = destination
    task_id = client.MigrateNetworkInterface(req).RequestId
    status = wait_task(client, task_id)
    check("MigrateNetworkInterface %s -> %s reaches SUCCESS" % (source, destination), status == "SUCCESS", status)
    instance, device, state = attachment_of(client, eni_id)
    ok = instance == destination and device is not None and state == "AVAILABLE"
    check("DescribeNetworkInterfaces shows %s on %s" % (eni_id, destination), ok, "%s %s %s" % (instance, device, state))


def migrate_there_and_back(endpoint, cred):
    # eni-mig00002 sits on the dead server; it goes to the standby and back, so the world ends as
    # it began for whatever runs after.
    client = vpc(endpoint, cred, MIGRATE_REGION)
    migrate(client, "eni-mig00002", "ins-dead0001", "ins-stby0001")
    migrate(client, "eni-mig00002", "ins-stby0001", "ins-dead0001")
    again = vpc_models.MigrateNetworkInterfaceRequest()
    again.NetworkInterfaceId = "eni-mig00002"
    again.SourceInstanceId = "ins-stby0001"
    again.DestinationInstanceId = "ins-dead0001"
    code = error_code(lambda: client.MigrateNetworkInterface(again))
    check("a migrate from where the ENI no longer is is refused", code == "UnsupportedOperation.InvalidState", code)


def describe_enis(client):
    req = vpc_models.DescribeNetworkInterfacesRequest()
    req.NetworkInterfaceIds = ["eni-free0004"]
    resp = client.DescribeNetworkInterfaces(req)
    eni = resp.NetworkInterfaceSet[0] if resp.NetworkInterfaceSet else None
    attached = eni is not None and eni.Attachment is not None and eni.Attachment.InstanceId == "ins-web00001"
    check("DescribeNetworkInterfaces shows the attachment", attached and resp.TotalCount == 1)


def describe_instances(endpoint, cred, method):
    client = cvm_client.CvmClient(cred, REGION, profile(endpoint, method))
    req = cvm_models.DescribeInstancesRequest()
    zone = cvm_models.Filter()
    zone.Name = "zone"
    zone.Values = ["ap-guangzhou-3"]
    req.Filters = [zone]
    req.Limit = 3
    resp = client.DescribeInstances(req)
    ok = resp.TotalCount == 6 and len(resp.InstanceSet) == 3 and resp.InstanceSet[0].Placement.Zone == "ap-guangzhou-3"
    check("DescribeInstances with a filter and a limit (%s)" % method, ok, "TotalCount=%s" % resp.TotalCount)


def describe_regions(endpoint, cred):
    client = region_client.RegionClient(cred, "", profile(endpoint))
    req = region_models.DescribeRegionsRequest()
    req.Product = "vpc"
    regions = [r.Region for r in client.DescribeRegions(req).RegionSet]
    check("DescribeRegions lists the finance region", "ap-shanghai-fsi" in regions)


def sts(endpoint, cred):
    return sts_client.StsClient(cred, REGION, profile(endpoint))


def caller(endpoint, cred):
    return sts(endpoint, cred).GetCallerIdentity(sts_models.GetCallerIdentityRequest())


def assume_role(endpoint, cred, arn, duration=7200):
    req = sts_models.AssumeRoleRequest()
    req.RoleArn = arn
    req.RoleSessionName = "peer-sdk"
    req.DurationSeconds = duration
    return sts(endpoint, cred).AssumeRole(req)


def temporary(resp):
    c = resp.Credentials
    return credential.Credential(c.TmpSecretId, c.TmpSecretKey, c.Token)


def sts_checks(endpoint, demo):
    """sts through the SDK: AssumeRole (same and cross account), GetCallerIdentity,
    AssumeRoleWithWebIdentity unsigned as the SDK's OIDC provider sends it, the CVM role from
    the metadata paths, and the temporary keys used for a vpc call."""
    me = caller(endpoint, demo)
    check("GetCallerIdentity names the account", me.AccountId == ACCOUNT and me.Type == "CAMUser", me.AccountId)

    resp = assume_role(endpoint, demo, ROLE_ARN, duration=900)
    lifetime = resp.ExpiredTime - int(time.time())
    check("AssumeRole answers a key, a token and a lifetime", bool(resp.Credentials.Token) and 880 <= lifetime <= 900, str(lifetime))
    role = temporary(resp)
    who = caller(endpoint, role)
    check("the assumed role's identity", who.Arn == "qcs::sts:%s:assumed-role/ops/peer-sdk" % ACCOUNT and who.Type == "CAMRole", who.Arn)
    code = error_code(lambda: vpc(endpoint, role).DescribeNetworkInterfaces(vpc_models.DescribeNetworkInterfacesRequest()))
    check("a vpc call signed with the assumed role's key and token", code == "ok", code)

    cross = caller(endpoint, temporary(assume_role(endpoint, demo, CROSS_ROLE_ARN)))
    check("a cross-account role acts in the other account", cross.AccountId == "200000000002", cross.AccountId)

    code = error_code(lambda: assume_role(endpoint, demo, ROLE_ARN, duration=43201))
    check("DurationSeconds over 43200 is refused", code == "InvalidParameterValue", code)
    wrong = credential.Credential(DEMO_ID, "WRONGKEY000000000000000000000000")
    code = error_code(lambda: assume_role(endpoint, wrong, ROLE_ARN))
    check("AssumeRole with a wrong key is AuthFailure.SignatureFailure", code == "AuthFailure.SignatureFailure", code)

    oidc = CommonClient(credential=None, region=REGION, version="2018-08-13", service="sts", profile=profile(endpoint))
    params = {"ProviderId": "tke-oidc", "WebIdentityToken": WEB_IDENTITY_TOKEN, "RoleArn": ROLE_ARN,
              "RoleSessionName": "peer-oidc", "DurationSeconds": 7200}
    rsp = oidc.call_json("AssumeRoleWithWebIdentity", params, options={"SkipSign": True})["Response"]
    check("AssumeRoleWithWebIdentity, unsigned (Authorization: SKIP)", bool(rsp["Credentials"]["Token"]))
    forged = dict(params, WebIdentityToken="forged")
    code = error_code(lambda: oidc.call_json("AssumeRoleWithWebIdentity", forged, options={"SkipSign": True}))
    check("a forged web identity token is refused", code == "InvalidParameter.WebIdentityTokenError", code)

    # The SDK's own CVM role provider, pointed at the sandbox's metadata paths.
    credential.CVMRoleCredential._role_endpoint = "http://%s/latest/meta-data/cam/security-credentials/" % endpoint
    cvm_role = credential.CVMRoleCredential()
    ok = cvm_role.get_credential() is not None and cvm_role.get_role_name() == "SandboxCvmRole"
    check("the SDK's CVMRoleCredential reads the metadata paths", ok)
    code = error_code(lambda: vpc(endpoint, cvm_role).DescribeNetworkInterfaces(vpc_models.DescribeNetworkInterfacesRequest()))
    check("a vpc call signed with the CVM role's key and token", code == "ok", code)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True, help="host:port of tceni sandbox")
    args = parser.parse_args()
    endpoint = args.endpoint
    demo = credential.Credential(DEMO_ID, DEMO_KEY)

    client = vpc(endpoint, demo)
    attach_and_wait(client)
    describe_enis(client)
    describe_instances(endpoint, demo, "POST")
    describe_instances(endpoint, demo, "GET")
    describe_regions(endpoint, demo)
    migrate_there_and_back(endpoint, demo)

    rule = vpc_models.AttachNetworkInterfaceRequest()
    rule.NetworkInterfaceId = "eni-free0001"
    rule.InstanceId = "ins-oth00001"
    code = error_code(lambda: client.AttachNetworkInterface(rule))
    check("a rule's error code reaches the SDK", code == "UnsupportedOperation.VpcMismatch", code)

    temp = vpc(endpoint, credential.Credential(TEMP_ID, TEMP_KEY, TEMP_TOKEN))
    code = error_code(lambda: temp.DescribeNetworkInterfaces(vpc_models.DescribeNetworkInterfacesRequest()))
    check("temporary credentials with their token", code == "ok", code)

    wrong = vpc(endpoint, credential.Credential(DEMO_ID, "WRONGKEY000000000000000000000000"))
    code = error_code(lambda: wrong.DescribeNetworkInterfaces(vpc_models.DescribeNetworkInterfacesRequest()))
    check("a wrong key is AuthFailure.SignatureFailure", code == "AuthFailure.SignatureFailure", code)

    sts_checks(endpoint, demo)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
