//! Check one shipment JSON file (or stdin) with the trade regimes that bind
//! and print the verdict.
//!
//! `cargo run -p embargo-trade --example check_shipment -- FILE.json [REGIME,REGIME...]`
//! (default `UN-1718`) uses an in-memory caps ledger and no party screening.
//! Profiles by name (`--profile jp`) are the engine's: `embargo check-shipment`
//! takes each profile's `trade_regimes` from the profiles files.

use embargo_trade::{Binding, Ledger, Measures, NoScreening, Shipment, check};
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
    let regimes: Vec<String> = args
        .next()
        .unwrap_or_else(|| "UN-1718".into())
        .split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let measures = Measures::builtin().map_err(|e| e.to_string())?;
    let ledger = Ledger::open_in_memory()?;
    let shipment = Shipment::from_json(&text)?;
    let binding = Binding {
        profile: "example",
        regimes: &regimes,
    };
    let verdict = check(&shipment, binding, measures, &ledger, &NoScreening)?;
    println!("{}", serde_json::to_string_pretty(&verdict)?);
    Ok(())
}
