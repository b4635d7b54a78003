//! `keys`: API keys for `embargo serve` (stored hashed in `keys.db`).

use crate::output;
use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use embargo_server::{KeyStore, Role};
use std::path::Path;
use std::process::ExitCode;

#[derive(Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    what: KeysCommand,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create a key; it is printed once and only its SHA-256 is stored.
    Create {
        /// screener (match, screen, entities, catalog), analyst (+ shipments, caps, alerts, register,
        /// runs, decisions), supervisor (+ second review, revoking accepts, audit), admin (+ reload).
        #[arg(long)]
        role: Role,
        /// A label (who or what uses it).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List keys (ids, names, roles; never the keys).
    List,
    /// Revoke a key by id.
    Revoke {
        /// Key id (from `embargo keys list`).
        id: i64,
    },
}

pub fn keys(data_dir: &Path, a: KeysArgs) -> Result<ExitCode> {
    match a.what {
        KeysCommand::Create { role, name } => {
            let (key, info) = KeyStore::create(data_dir, role, &name, &crate::monitor::os_user())
                .map_err(|e| anyhow!("{e}"))?;
            output::text(&key)?;
            eprintln!(
                "created key {} ({}, role {}); it is shown only now",
                info.id,
                if name.is_empty() { "no name" } else { &name },
                role.as_str()
            );
        }
        KeysCommand::List => {
            let mut t = output::table(&["id", "name", "role", "created", "revoked"]);
            for k in KeyStore::list(data_dir).map_err(|e| anyhow!("{e}"))? {
                t.add_row(vec![
                    k.id.to_string(),
                    k.name,
                    k.role.as_str().to_string(),
                    k.created_at,
                    if k.revoked { "yes" } else { "" }.to_string(),
                ]);
            }
            output::text(&t.to_string())?;
        }
        KeysCommand::Revoke { id } => {
            KeyStore::revoke(data_dir, id, &crate::monitor::os_user())
                .map_err(|e| anyhow!("{e}"))?;
            eprintln!("revoked key {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
