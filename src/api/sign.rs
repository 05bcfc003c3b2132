//! TC3-HMAC-SHA256 request signing, as pure functions (no clock, no I/O).
//!
//! The same functions serve the client (to sign) and the sandbox (to verify), so a request the
//! sandbox accepts is one whose signature the service would compute the same way.

use chrono::DateTime;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// What goes into one signature. `headers` are (name, value) pairs as sent; every pair listed is
/// signed. `content-type` and `host` must be among them.
#[derive(Debug, Clone)]
pub struct SigningInput<'a> {
    pub method: &'a str,
    /// The query string for GET; empty for POST.
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub payload: &'a [u8],
    pub service: &'a str,
    pub timestamp: i64,
}

/// Every intermediate value, so tests and `--dry-run` can show each step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
    pub credential_scope: String,
    pub signature: String,
}

impl Signature {
    /// The Authorization header value for this signature and SecretId.
    pub fn authorization(&self, secret_id: &str) -> String {
        format!(
            "{ALGORITHM} Credential={secret_id}/{}, SignedHeaders={}, Signature={}",
            self.credential_scope, self.signed_headers, self.signature
        )
    }
}

/// `YYYY-MM-DD` in UTC for a Unix timestamp in seconds. Never local time: the scope date must be
/// the UTC date or calls fail between local midnight and 08:00 in UTC+8.
pub fn utc_date(timestamp: i64) -> String {
    DateTime::from_timestamp(timestamp, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "1970-01-01".to_string())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// The derived key chain: (SecretDate, SecretService, SecretSigning), raw bytes.
pub fn derive_keys(secret_key: &str, date: &str, service: &str) -> [[u8; 32]; 3] {
    let secret_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let secret_service = hmac_sha256(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    [secret_date, secret_service, secret_signing]
}

/// Canonical headers block and the signed-headers list: keys and values lowercased and trimmed,
/// sorted by key.
pub fn canonical_headers(headers: &[(&str, &str)]) -> (String, String) {
    let mut lines: Vec<(String, String)> =
        headers.iter().map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase())).collect();
    lines.sort();
    let block = lines.iter().map(|(k, v)| format!("{k}:{v}\n")).collect::<String>();
    let signed = lines.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(";");
    (block, signed)
}

pub fn canonical_request(input: &SigningInput) -> (String, String) {
    let (headers_block, signed_headers) = canonical_headers(input.headers);
    let canonical = format!(
        "{}\n/\n{}\n{}\n{}\n{}",
        input.method.to_ascii_uppercase(),
        input.query,
        headers_block,
        signed_headers,
        sha256_hex(input.payload)
    );
    (canonical, signed_headers)
}

/// Sign a request. Pure: the timestamp comes from the caller.
pub fn sign(secret_key: &str, input: &SigningInput) -> Signature {
    let (canonical_request, signed_headers) = canonical_request(input);
    let date = utc_date(input.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{credential_scope}\n{}",
        input.timestamp,
        sha256_hex(canonical_request.as_bytes())
    );
    let [_, _, signing_key] = derive_keys(secret_key, &date, input.service);
    let signature = hex::encode(hmac_sha256(&signing_key, string_to_sign.as_bytes()));
    Signature { canonical_request, string_to_sign, signed_headers, credential_scope, signature }
}

/// The parts of an Authorization header, as the service reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    pub secret_id: String,
    pub date: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parse `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex`.
/// Returns None for anything that is not of that form.
pub fn parse_authorization(value: &str) -> Option<ParsedAuthorization> {
    let rest = value.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (key, val) = part.split_once('=')?;
        match key {
            "Credential" => credential = Some(val),
            "SignedHeaders" => signed = Some(val),
            "Signature" => signature = Some(val),
            _ => return None,
        }
    }
    let mut scope = credential?.split('/');
    let secret_id = scope.next()?.to_string();
    let date = scope.next()?.to_string();
    let service = scope.next()?.to_string();
    if scope.next()? != "tc3_request" || scope.next().is_some() || secret_id.is_empty() {
        return None;
    }
    let signed_headers: Vec<String> = signed?.split(';').map(str::to_string).collect();
    let signature = signature?.to_string();
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(ParsedAuthorization { secret_id, date, service, signed_headers, signature })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIDFAKE0000000000000000000000000000";
    const KEY: &str = "FAKEKEY0000000000000000000000000";
    const TS: i64 = 1735671234;
    const V1_BODY: &str = r#"{"NetworkInterfaceId": "eni-m6dyj72l", "InstanceId": "ins-r8hr2upy"}"#;

    fn vpc_input<'a>(headers: &'a [(&'a str, &'a str)], body: &'a str) -> SigningInput<'a> {
        SigningInput {
            method: "POST",
            query: "",
            headers,
            payload: body.as_bytes(),
            service: "vpc",
            timestamp: TS,
        }
    }

    #[test]
    fn derived_keys_match_the_reference() {
        let [d, s, k] = derive_keys(KEY, "2024-12-31", "vpc");
        assert_eq!(hex::encode(d), "ae084a0bd0203b8177d3b3e81a27d72ef40d60bdf07db5e65c215d808df732b5");
        assert_eq!(hex::encode(s), "2d2b543ea6b43dbb63e92221faf394695d93bcdfaf7d1b7a3f53c64763c39bfe");
        assert_eq!(hex::encode(k), "7d8e2bd6d4ada558bed5458719b9612b09f3caf3a74422529556f166ddef47cc");
    }

    #[test]
    fn date_is_utc_not_local() {
        // 2024-12-31T18:53:54Z is already 2025-01-01 in UTC+8.
        assert_eq!(utc_date(TS), "2024-12-31");
    }

    #[test]
    fn v1_guangzhou_no_token() {
        let headers = [("Content-Type", "application/json"), ("Host", "vpc.tencentcloudapi.com")];
        let sig = sign(KEY, &vpc_input(&headers, V1_BODY));
        assert_eq!(V1_BODY.len(), 68);
        assert_eq!(
            sig.canonical_request,
            "POST\n/\n\ncontent-type:application/json\nhost:vpc.tencentcloudapi.com\n\ncontent-type;host\n\
             98b02131ff09d9ecf47decb95bd1061735452f057387a0163382879dcbfc0dbe"
        );
        assert_eq!(
            sig.string_to_sign,
            "TC3-HMAC-SHA256\n1735671234\n2024-12-31/vpc/tc3_request\n\
             419800b311e728ae2031f3c9c69251418f0a9c8066263a516a77bc9bb126a154"
        );
        assert_eq!(sig.signature, "3a9ed52088fb756f2965e4f8b69200ecbdb2c2a38375706e8aab59dc96e46aea");
        assert_eq!(
            sig.authorization(ID),
            "TC3-HMAC-SHA256 Credential=AKIDFAKE0000000000000000000000000000/2024-12-31/vpc/tc3_request, \
             SignedHeaders=content-type;host, Signature=3a9ed52088fb756f2965e4f8b69200ecbdb2c2a38375706e8aab59dc96e46aea"
        );
    }

    #[test]
    fn v2_with_attach_type_and_client_token() {
        let body = r#"{"NetworkInterfaceId": "eni-m6dyj72l", "InstanceId": "ins-r8hr2upy", "AttachType": 0, "ClientToken": "d7df28fd-dcba-4dbb-82bc-bce3bf4d3562"}"#;
        assert_eq!(body.len(), 140);
        let headers = [("Content-Type", "application/json"), ("Host", "vpc.tencentcloudapi.com")];
        let sig = sign(KEY, &vpc_input(&headers, body));
        assert!(
            sig.canonical_request
                .ends_with("\n25210c2c8d60ac0b07da9712a2159ce384305c05d0c0ebe411a7d1c70574faa3")
        );
        assert!(
            sig.string_to_sign
                .ends_with("\n06da5d3e773de9474f19a92ab9a804c702623c914d23789035bd917b3d6e8662")
        );
        assert_eq!(sig.signature, "1ceea835d7fe26e5e841446c6bf5481506a621d360893540bd31247128f28bfd");
    }

    #[test]
    fn v3_finance_region_host() {
        let headers =
            [("Content-Type", "application/json"), ("Host", "vpc.ap-shanghai-fsi.tencentcloudapi.com")];
        let sig = sign(KEY, &vpc_input(&headers, V1_BODY));
        assert!(sig.canonical_request.contains("\nhost:vpc.ap-shanghai-fsi.tencentcloudapi.com\n"));
        assert_eq!(
            sha256_hex(sig.canonical_request.as_bytes()),
            "9468e08dc1c2b6a57d3480b3261f3b99d1586502b076138c80672c5205548da0"
        );
        assert_eq!(sig.credential_scope, "2024-12-31/vpc/tc3_request");
        assert_eq!(sig.signature, "679b3bc8b503377f7951a18d2a2618107a4097ef856169a355ad47c192ff4f4a");
    }

    const V4_BODY: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn v4_input<'a>(headers: &'a [(&'a str, &'a str)]) -> SigningInput<'a> {
        SigningInput {
            method: "POST",
            query: "",
            headers,
            payload: V4_BODY.as_bytes(),
            service: "cvm",
            timestamp: 1551113065,
        }
    }

    #[test]
    fn v4_body_hash() {
        assert_eq!(
            sha256_hex(V4_BODY.as_bytes()),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
    }

    #[test]
    fn v4a_current_doc_signs_x_tc_action_lowercased() {
        let headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Host", "cvm.tencentcloudapi.com"),
            ("X-TC-Action", "DescribeInstances"),
        ];
        let input = v4_input(&headers);
        let sig = sign(&"*".repeat(32), &input);
        assert!(sig.canonical_request.contains("\nx-tc-action:describeinstances\n"));
        assert_eq!(sig.signed_headers, "content-type;host;x-tc-action");
        assert_eq!(
            sha256_hex(sig.canonical_request.as_bytes()),
            "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
        );
        let [d, s, k] = derive_keys(&"*".repeat(32), "2019-02-25", "cvm");
        assert!(hex::encode(d).starts_with("da98fb70") && hex::encode(d).ends_with("2be0"));
        assert!(hex::encode(s).starts_with("8d70cbef") && hex::encode(s).ends_with("752f"));
        assert!(hex::encode(k).starts_with("b596b923") && hex::encode(k).ends_with("f5af"));
        assert_eq!(sig.signature, "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    }

    #[test]
    fn v4b_older_doc() {
        let headers =
            [("Content-Type", "application/json; charset=utf-8"), ("Host", "cvm.tencentcloudapi.com")];
        let input = v4_input(&headers);
        let sig = sign("Gu5t9xGARNpq86cd98joQYCN3*******", &input);
        assert_eq!(
            sha256_hex(sig.canonical_request.as_bytes()),
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        assert_eq!(sig.signature, "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
        let example = sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", &input);
        assert_eq!(example.signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    #[test]
    fn header_order_and_case_do_not_change_the_signature() {
        let a = [("Content-Type", "application/json"), ("Host", "vpc.tencentcloudapi.com")];
        let b = [("host", " vpc.tencentcloudapi.com "), ("content-type", "application/json")];
        assert_eq!(
            sign(KEY, &vpc_input(&a, V1_BODY)).signature,
            sign(KEY, &vpc_input(&b, V1_BODY)).signature
        );
    }

    #[test]
    fn host_with_port_is_signed_as_sent() {
        let a = [("Content-Type", "application/json"), ("Host", "127.0.0.1:8080")];
        let b = [("Content-Type", "application/json"), ("Host", "127.0.0.1")];
        assert_ne!(
            sign(KEY, &vpc_input(&a, V1_BODY)).signature,
            sign(KEY, &vpc_input(&b, V1_BODY)).signature
        );
        assert!(sign(KEY, &vpc_input(&a, V1_BODY)).canonical_request.contains("host:127.0.0.1:8080\n"));
    }

    #[test]
    fn authorization_round_trips_through_the_parser() {
        let headers = [("Content-Type", "application/json"), ("Host", "vpc.tencentcloudapi.com")];
        let sig = sign(KEY, &vpc_input(&headers, V1_BODY));
        let parsed = parse_authorization(&sig.authorization(ID)).unwrap();
        assert_eq!(parsed.secret_id, ID);
        assert_eq!(parsed.date, "2024-12-31");
        assert_eq!(parsed.service, "vpc");
        assert_eq!(parsed.signed_headers, vec!["content-type", "host"]);
        assert_eq!(parsed.signature, sig.signature);
    }

    #[test]
    fn malformed_authorization_is_refused() {
        for bad in [
            "",
            "TC3-HMAC-SHA256",
            "HMAC Credential=a/b/c/tc3_request, SignedHeaders=host, Signature=00",
            "TC3-HMAC-SHA256 Credential=a/2024-01-01/vpc/other, SignedHeaders=host, Signature=3a9ed52088fb756f2965e4f8b69200ecbdb2c2a38375706e8aab59dc96e46aea",
            "TC3-HMAC-SHA256 Credential=a/2024-01-01/vpc/tc3_request, SignedHeaders=host, Signature=xyz",
            "TC3-HMAC-SHA256  Credential=a/2024-01-01/vpc/tc3_request, SignedHeaders=host, Signature=3a9ed52088fb756f2965e4f8b69200ecbdb2c2a38375706e8aab59dc96e46aea",
        ] {
            assert!(parse_authorization(bad).is_none(), "{bad:?} should be refused");
        }
    }
}
