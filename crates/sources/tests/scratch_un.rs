use embargo_sources::{InputFile, un_sc};
#[test]
fn scratch() {
    let dir = embargo_sources::util::shared_dir().unwrap().join("lists/un");
    for d in ["2018-10-29", "2024-11-30", "2025-04-19", "2025-11-20", "2026-02-27"] {
        let name = format!("un_consolidated_{d}.xml");
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let t = std::time::Instant::now();
        let l = un_sc::parse(InputFile::new(&name, &bytes)).unwrap();
        let el = t.elapsed();
        let p = l.entities.iter().filter(|e| e.schema == embargo_model::Schema::Person).count();
        let dp = l.entities.iter().filter(|e| e.designations[0].programs == ["DPRK"] && e.schema == embargo_model::Schema::Person).count();
        let de = l.entities.iter().filter(|e| e.designations[0].programs == ["DPRK"] && e.schema != embargo_model::Schema::Person).count();
        println!("{d}: {:?} persons {p} orgs {} dprk {dp}+{de} records {} in {el:?}", l.published, l.entities.len() - p, l.records);
        let mut orig = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
        for e in &l.entities { for (k, v) in &e.original { if k != "birthDate" { for x in v { if embargo_model::country::code(x).is_none() { orig.entry(k.clone()).or_default().insert(x.clone()); } } } } }
        println!("  unresolved: {orig:?}");
        if d == "2026-02-27" {
            for id in ["un_sc:KPi.033", "un_sc:TAi.002", "un_sc:QDi.306", "un_sc:KPe.023", "un_sc:CFi.009", "un_sc:QDi.295", "un_sc:IRe.001"] {
                if let Some(e) = l.entities.iter().find(|e| e.id == id) { println!("{}", serde_json::to_string_pretty(e).unwrap()); }
            }
        }
        if d == "2018-10-29" {
            for id in ["un_sc:SSi.005", "un_sc:KPi.034"] {
                if let Some(e) = l.entities.iter().find(|e| e.id == id) { println!("{}", serde_json::to_string(e).unwrap()); }
            }
        }
    }
}
