//! What building and searching read off a name's tokens alike: the
//! tokeniser's kind for a schema, which tokens count, acronyms.

use crate::tok::Tok;
use embargo_model::Schema;
use embargo_names::{NameKind, TokenRole};

pub(super) fn kind_of(schema: Schema) -> NameKind {
    match schema {
        Schema::Person => NameKind::Person,
        Schema::Organization | Schema::Company => NameKind::Organization,
        Schema::Vessel | Schema::Airplane => NameKind::Vessel,
        Schema::LegalEntity => NameKind::Any,
    }
}

/// Acronyms (3 to 8 letters) of the runs of consecutive name tokens of an
/// organisation name (stopwords and particles inside a run skipped), with
/// the positions of the tokens they abbreviate.
pub(super) fn acronyms(tokens: &[(TokenRole, &str)]) -> Vec<(String, Vec<usize>)> {
    let mut out = Vec::new();
    for start in 0..tokens.len() {
        if tokens[start].0 != TokenRole::Name {
            continue;
        }
        let (mut acr, mut run) = (String::new(), Vec::new());
        for (i, &(role, text)) in tokens.iter().enumerate().skip(start) {
            match role {
                TokenRole::Name => {}
                TokenRole::Stopword | TokenRole::Particle => continue,
                _ => break,
            }
            let Some(c) = text.chars().next().filter(char::is_ascii_lowercase) else {
                break;
            };
            acr.push(c);
            run.push(i);
            if acr.len() > 8 {
                break;
            }
            if acr.len() >= 3 {
                out.push((acr.clone(), run.clone()));
            }
        }
    }
    out
}

/// Which tokens of a name find candidates (and count in its weight): its
/// name tokens, or all of them when it has none (`LLC`, a title alone).
pub(super) fn finds(tokens: &[Tok]) -> impl Fn(&Tok) -> bool {
    let only_minor = tokens.iter().all(|t| t.role != TokenRole::Name);
    move |t| only_minor || t.role == TokenRole::Name
}
