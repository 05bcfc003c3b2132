//! The inverse of a run: a runbook that puts back what the run's completed steps changed, in the
//! reverse order (a move goes back, an attach becomes a detach, a detach an attach). It is an
//! ordinary runbook: `tceni runbook plan` checks it like any other.

use super::file::Runbook;
use super::world::Described;
use crate::plan::{Operation, Plan};
use crate::tr;
use std::fmt::Write;

/// The text of the inverse runbook of `completed` (step numbers, any order).
pub fn inverse(runbook: &Runbook, run_id: &str, completed: &[usize], described: &Described) -> String {
    let name = tr!("undo-name", name = runbook.name.as_str(), run_id = run_id);
    let mut out = String::new();
    let _ = writeln!(out, "{}", tr!("undo-written", path = runbook.path.display().to_string()));
    let _ = writeln!(out, "{}", tr!("undo-puts-back"));
    let _ = writeln!(out, "{}", tr!("undo-plan"));
    let _ = writeln!(out, "name = {}", toml::Value::String(name));
    for step in runbook.steps.iter().rev().filter(|s| completed.contains(&s.number)) {
        let _ = writeln!(out, "\n{}", tr!("undo-step", number = step.number, summary = step.plan.summary()));
        out += &inverse_step(&step.plan, described);
    }
    out
}

fn inverse_step(plan: &Plan, described: &Described) -> String {
    let head = format!("[[steps]]\nregion = \"{}\"\neni = \"{}\"\n", plan.region, plan.eni);
    match &plan.operation {
        Operation::Move { from, to, .. } => {
            format!("{head}op = \"move\"\nfrom = \"{to}\"\nto = \"{from}\"\n")
        }
        Operation::Attach { instance, .. } => format!("{head}op = \"detach\"\ninstance = \"{instance}\"\n"),
        Operation::Detach { instance, .. } => {
            // Re-attached as it was attached, where the world before the run says.
            let key = (plan.region.clone(), plan.eni.to_string());
            let was = described.enis.get(&key).and_then(|e| e.attach_type);
            let attach_type = match was {
                Some(1) => "attach_type = \"extended\"\n",
                Some(_) => "attach_type = \"standard\"\n",
                None => "",
            };
            format!("{head}op = \"attach\"\ninstance = \"{instance}\"\n{attach_type}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::EndpointRule;
    use std::path::Path;

    #[test]
    fn the_inverse_reverses_each_completed_step_in_reverse_order_and_plans() {
        let source = r#"name = "f"
region = "ap-guangzhou"
[[steps]]
op = "move"
eni = "eni-aaaa0001"
from = "ins-dead0001"
to = "ins-stby0001"
[[steps]]
op = "attach"
eni = "eni-bbbb0001"
instance = "ins-stby0001"
[[steps]]
op = "detach"
eni = "eni-cccc0001"
instance = "ins-old00001"
"#;
        let rule = EndpointRule::default();
        let runbook = Runbook::parse(source, Path::new("f.toml"), &Default::default(), &rule).unwrap();
        let text = inverse(&runbook, "rb-1", &[1, 3], &Described::default());
        let undo = Runbook::parse(&text, Path::new("undo.toml"), &Default::default(), &rule).unwrap();
        let summaries: Vec<String> = undo.steps.iter().map(|s| s.plan.summary()).collect();
        assert_eq!(
            summaries,
            ["attach eni-cccc0001 → ins-old00001", "move eni-aaaa0001 from ins-stby0001 → ins-dead0001"]
        );
        assert_eq!(undo.name, "undo of f (run rb-1)");
    }
}
