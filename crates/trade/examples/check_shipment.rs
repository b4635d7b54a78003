//! Check one shipment JSON file (or stdin) under a profile and print the verdict.
//!
//! `cargo run -p embargo-trade --example check_shipment -- FILE.json [PROFILE]`
//! uses an in-memory caps ledger and no party screening.

use embargo_trade::{Ledger, Measures, NoScreening, Shipment, check};
use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let text = match args.next().as_deref() {
        None | Some("-") => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
        Some(path) => std::fs::read_to_string(path)?,
    };
    let profile = args.next().unwrap_or_else(|| "un".into());
    let measures = Measures::builtin().map_err(|e| e.to_string())?;
    let ledger = Ledger::open_in_memory()?;
    let shipment = Shipment::from_json(&text)?;
    let verdict = check(&shipment, &profile, measures, &ledger, &NoScreening)?;
    println!("{}", serde_json::to_string_pretty(&verdict)?);
    Ok(())
}
