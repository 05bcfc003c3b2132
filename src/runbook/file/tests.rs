use super::*;

fn parse(source: &str, vars: &[(&str, &str)]) -> Result<Runbook, Problems> {
    let vars: Vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Runbook::parse(source, Path::new("failover.toml"), &vars, &EndpointRule::default())
}

fn lines(source: &str, vars: &[(&str, &str)]) -> Vec<String> {
    parse(source, vars).unwrap_err().0.iter().map(Problem::to_string).collect()
}

const ISSUE_FORM: &str = r#"name = "gz-web failover"
region = "ap-guangzhou"            # a step may carry its own `region`

[[steps]]
op = "move"
eni = "eni-m6dyj72l"
from = "ins-dead0001"
to = "${standby}"                  # variables: --set standby=ins-stby0001

[[steps]]
op = "attach"
eni = "eni-afo43z61"
instance = "${standby}"
attach_type = "standard"           # optional: standard | extended

[[steps]]
op = "detach"
eni = "eni-r8hr2upy"
instance = "ins-old00001"
"#;

#[test]
fn the_issue_form_parses_as_written() {
    let runbook = parse(ISSUE_FORM, &[("standby", "ins-stby0001")]).unwrap();
    assert_eq!(runbook.name, "gz-web failover");
    let summaries: Vec<String> = runbook.steps.iter().map(|s| s.plan.summary()).collect();
    assert_eq!(
        summaries,
        [
            "move eni-m6dyj72l from ins-dead0001 → ins-stby0001",
            "attach eni-afo43z61 → ins-stby0001",
            "detach eni-r8hr2upy from ins-old00001"
        ]
    );
    assert_eq!(runbook.steps[1].plan.attach_type(), Some(AttachType::Standard));
    assert_eq!(runbook.steps[0].position, (4, 1));
    assert!(runbook.steps.iter().all(|s| s.plan.region == "ap-guangzhou"));
}

#[test]
fn the_digest_follows_the_text_and_the_variables() {
    let a = parse(ISSUE_FORM, &[("standby", "ins-stby0001")]).unwrap();
    let b = parse(ISSUE_FORM, &[("standby", "ins-stby0002")]).unwrap();
    assert_ne!(a.digest, b.digest);
    assert_eq!(a.digest, parse(ISSUE_FORM, &[("standby", "ins-stby0001")]).unwrap().digest);
}

#[test]
fn an_unset_variable_is_named_at_its_value() {
    assert_eq!(
        lines(ISSUE_FORM, &[]),
        [
            "failover.toml:8:6: variable 'standby' is not set: pass --set standby=VALUE or add it to [vars]",
            "failover.toml:13:12: variable 'standby' is not set: pass --set standby=VALUE or add it to [vars]",
        ]
    );
}

#[test]
fn vars_table_gives_defaults_and_set_overrides_them() {
    let source = ISSUE_FORM.replace(
        "[[steps]]\nop = \"move\"",
        "[vars]\nstandby = \"ins-aaaa0001\"\n\n[[steps]]\nop = \"move\"",
    );
    let runbook = parse(&source, &[]).unwrap();
    assert_eq!(runbook.steps[0].plan.destination().unwrap().as_str(), "ins-aaaa0001");
    let runbook = parse(&source, &[("standby", "ins-bbbb0001")]).unwrap();
    assert_eq!(runbook.steps[0].plan.destination().unwrap().as_str(), "ins-bbbb0001");
}

#[test]
fn every_problem_is_one_line_with_its_place() {
    let source = r#"name = "x"
region = "ap-guangzhou"
colour = "red"

[[steps]]
op = "move"
eni = "eni-bad"
from = "ins-dead0001"
instance = "ins-dead0002"

[[steps]]
op = "teleport"

[[steps]]
op = "detach"
eni = "eni-r8hr2upy"
attach_type = "standard"

[[steps]]
op = "attach"
eni = "eni-r8hr2upy"
instance = "ins-old00001"
attach_type = "fast"
region = "Guangzhou"
"#;
    assert_eq!(
        lines(source, &[("unused", "1")]),
        [
            "failover.toml:3:1: unknown key 'colour' (a runbook has name, region, vars, steps)",
            "failover.toml:5:1: step 1 (move) has no 'to'",
            "failover.toml:9:1: a move step takes no 'instance' (it takes eni, from, to, attach_type)",
            "failover.toml:12:6: op 'teleport' is not move, attach or detach",
            "failover.toml:14:1: step 3 (detach) has no 'instance'",
            "failover.toml:17:1: a detach step takes no 'attach_type' (it takes eni, instance)",
            "failover.toml:23:15: attach_type 'fast' is not standard or extended",
            "failover.toml: --set unused: the runbook uses no variable '${unused}'",
        ]
    );
}

#[test]
fn a_bad_id_or_region_points_at_its_value() {
    let source = "region = \"ap-guangzhou\"\n[[steps]]\nop = \"attach\"\neni = \"eni-bad\"\ninstance = \"ins-old00001\"\n\n[[steps]]\nop = \"detach\"\neni = \"eni-r8hr2upy\"\ninstance = \"ins-old00001\"\nregion = \"Guangzhou\"\n";
    assert_eq!(
        lines(source, &[]),
        [
            "failover.toml:4:7: step 1: ENI ID needs 8 characters after 'eni-', got 3",
            "failover.toml:11:10: step 2: region 'Guangzhou' is not a Tencent Cloud region ID (did you mean ap-guangzhou?)",
        ]
    );
}

#[test]
fn malformed_toml_is_one_line_with_its_place() {
    let found = lines("name = \"x\"\n[[steps]\nop = 1\n", &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("failover.toml:2:"), "{found:?}");
    assert!(found[0].contains("not valid TOML"), "{found:?}");
}

#[test]
fn wrong_types_and_missing_parts_are_named() {
    assert_eq!(
        lines("name = 3\n", &[]),
        [
            "failover.toml:1:1: no steps: add [[steps]] tables (op = \"move\" | \"attach\" | \"detach\")",
            "failover.toml:1:8: runbook key 'name' must be a string, not integer",
        ]
    );
    assert_eq!(
        lines("[[steps]]\nop = \"detach\"\neni = \"eni-r8hr2upy\"\ninstance = \"ins-old00001\"\n", &[]),
        ["failover.toml:1:1: step 1 has no region: set 'region' at the top or in the step"]
    );
}

#[test]
fn odd_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let rule = EndpointRule::default();
    let load = |p: &Path| Runbook::load(p, &Vars::new(), &rule).unwrap_err().to_string();
    assert!(load(dir.path()).contains("not a regular file"), "{}", load(dir.path()));
    assert!(load(Path::new("/dev/zero")).contains("not a regular file"));
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
    assert!(load(&big).contains("larger than 1048576 bytes"), "{}", load(&big));
    let binary = dir.path().join("bin.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    assert!(load(&binary).contains("not UTF-8"));
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success());
        if made.unwrap_or(false) {
            assert!(load(&fifo).contains("not a regular file"));
        }
    }
}

#[test]
fn set_arguments_parse() {
    assert_eq!(parse_set("standby=ins-stby0001").unwrap(), ("standby".into(), "ins-stby0001".into()));
    assert!(parse_set("standby").is_err());
    assert!(parse_set("a b=c").is_err());
}

#[test]
fn the_example_in_assets_parses() {
    let source = include_str!("../../../assets/runbook-example.toml");
    let runbook = parse(source, &[("standby", "ins-stby0001")]).unwrap();
    assert!(runbook.steps.len() >= 3);
}
