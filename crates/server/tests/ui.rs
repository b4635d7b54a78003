//! The analyst UI in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`), driven over WebDriver: sign in, screen, import a
//! register and run, decide an alert with accept, see it in the audit
//! trail, reopen it by changing the customer, the caps chart, a reader's
//! 403, and an XSS probe. Screenshots of every page land in
//! `target/tmp/ui-screenshots/` (look at them).
//!
//! Without chromedriver the test skips with a reason, unless
//! `EMBARGO_REQUIRE_BROWSER=1` (set by `.ci/run`), where it fails.
#![allow(clippy::unwrap_used)]

use embargo_server::{AppState, Config, KeyStore, Role};
use fantoccini::actions::InputSource;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn browser_available() -> bool {
    let there = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
    if !there {
        let why = format!(
            "{CHROMEDRIVER} or {CHROMIUM} missing (apt-get install chromium chromium-driver)"
        );
        assert!(
            std::env::var("EMBARGO_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "EMBARGO_REQUIRE_BROWSER=1 but {why}"
        );
        eprintln!("skipping the browser test: {why}");
    }
    there
}

/// The server on a loopback port with auth on; returns its base URL.
fn serve(dir: &Path) -> String {
    let mut config = Config::new(dir);
    config.auth = true;
    let state = AppState::new(config).unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            let _ = embargo_server::serve(l, state, None, std::future::pending()).await;
        });
    });
    let base = format!("http://{}", rx.recv().unwrap());
    let t = Instant::now();
    while ureq::get(&format!("{base}/readyz")).call().is_err() {
        assert!(t.elapsed() < Duration::from_secs(120), "index never loaded");
        std::thread::sleep(Duration::from_millis(100));
    }
    base
}

struct Ui {
    c: Client,
    base: String,
    shots: PathBuf,
}

impl Ui {
    async fn go(&self, path: &str) {
        self.c.goto(&format!("{}{path}", self.base)).await.unwrap();
    }
    /// The page's text (retried while a navigation replaces the page).
    async fn text(&self) -> String {
        let t = Instant::now();
        loop {
            let got = match self.c.find(Locator::Css("body")).await {
                Ok(b) => b.text().await,
                Err(e) => Err(e),
            };
            match got {
                Ok(s) => return s,
                Err(e) => {
                    assert!(t.elapsed() < Duration::from_secs(10), "page text: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
    async fn fill(&self, css: &str, value: &str) {
        let e = match self.c.find(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!(
                "{css}: {e}\non {}:\n{}",
                self.path().await,
                self.text().await
            ),
        };
        e.clear().await.unwrap();
        e.send_keys(value).await.unwrap();
    }
    async fn click(&self, css: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    /// Saves a screenshot after checking what a screen reader and a
    /// 1366-pixel screen need: a language, one heading, every control
    /// labelled, no sideways scrolling.
    async fn shot(&self, name: &str) {
        let problems = self
            .c
            .execute(
                r#"const p = [];
                if (!document.documentElement.lang) p.push('no lang');
                if (document.querySelectorAll('h1').length !== 1) p.push('h1 count ' + document.querySelectorAll('h1').length);
                for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
                  const named = (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                    || e.title || (e.tagName === 'BUTTON' && e.textContent.trim());
                  if (!named) p.push('unlabelled ' + e.outerHTML.slice(0, 80));
                }
                for (const i of document.querySelectorAll('img:not([alt]), svg:not([role]):not([aria-hidden])')) p.push('no alt ' + i.outerHTML.slice(0, 60));
                if (document.documentElement.scrollWidth > window.innerWidth + 1) p.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
                // WCAG 2 contrast of every element's own text: 4.5:1, 3:1 when large.
                const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
                const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
                const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
                const seen = new Set();
                for (const e of document.querySelectorAll('body *')) {
                  const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
                  const st = getComputedStyle(e);
                  if (!own || st.visibility === 'hidden' || st.display === 'none' || !e.getClientRects().length) continue;
                  const [a, b] = [lum(rgb(st.color)), lum(bg(e))];
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
                  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                  const key = e.tagName + '.' + e.className;
                  if (ratio < need && !seen.has(key)) { seen.add(key); p.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ': ' + e.outerHTML.slice(0, 80)); }
                }
                return p;"#,
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(problems, json!([]), "{name} at {}", self.path().await);
        let png = self.c.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
    async fn sign_in(&self, key: &str) {
        self.go("/ui/login").await;
        self.fill("#key", key).await;
        self.click("form button[type=submit]").await;
        let t = Instant::now();
        while self.path().await == "/ui/login" && !self.text().await.contains("unknown or revoked")
        {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "sign-in never finished"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    async fn sign_out(&self) {
        self.click("header form button").await;
        self.wait_path("/ui/login").await;
    }
    async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_string()
    }
    /// Waits until the browser is at `path` (a click's navigation ends).
    async fn wait_path(&self, path: &str) {
        let t = Instant::now();
        while self.path().await != path {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "never reached {path}, at {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    /// Waits until the page's text contains `what` (htmx swaps, polling).
    async fn wait_for(&self, what: &str) -> String {
        let t = Instant::now();
        loop {
            let s = self.text().await;
            if s.contains(what) {
                return s;
            }
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "never saw {what:?} in:\n{s}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_screens_decides_and_audits_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let Some(shared) = embargo::shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Two UN publications (for the diff view) and an OFAC list.
    let (old_un, new_un) = {
        let mut lib = embargo::Library::open(dir.path()).unwrap();
        let un = |d: &str| shared.join(format!("lists/un/un_consolidated_{d}.xml"));
        let mut ids = Vec::new();
        for d in ["2025-11-20", "2026-02-27"] {
            lib.import(embargo::SourceKind::UnSc, &[un(d).as_path()])
                .unwrap();
            let active = lib.active_snapshots().unwrap();
            ids.push(
                active
                    .iter()
                    .find(|s| s.source == embargo::SourceKind::UnSc)
                    .unwrap()
                    .id,
            );
        }
        let sdn = shared.join("lists/us_ofac/sdn_2024-05-03.csv");
        lib.import(embargo::SourceKind::UsOfacSdn, &[sdn.as_path()])
            .unwrap();
        (ids[0], ids[1])
    };
    let key = |role, name| KeyStore::create(dir.path(), role, name, "test").unwrap().0;
    let (analyst, supervisor, reader) = (
        key(Role::Analyst, "ana"),
        key(Role::Supervisor, "sue"),
        key(Role::Screener, "rex"),
    );
    let base = serve(dir.path());

    let port = free_port();
    let _driver = Killed(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": CHROMIUM, "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--window-size=1366,768",
            format!("--user-data-dir={}", profile.path().display()),
        ]}),
    );
    let t = Instant::now();
    let c = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) => {
                assert!(t.elapsed() < Duration::from_secs(30), "chromedriver: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let ui = Ui { c, base, shots };

    // Signed out, a page sends to the sign-in form; a bad key is refused.
    ui.go("/ui/alerts").await;
    assert_eq!(ui.path().await, "/ui/login");
    ui.shot("01-sign-in").await;
    ui.sign_in("emb_not-a-key").await;
    ui.wait_for("unknown or revoked API key").await;
    ui.sign_in(&analyst).await;
    ui.wait_path("/ui/alerts").await;
    assert!(ui.text().await.contains("ana"));

    // Screen 김정은: the OFAC record, its designation badge, explanation.
    ui.go("/ui/screen").await;
    ui.fill("input[name=name]", "김정은").await;
    ui.click("form.screen button[type=submit]").await;
    let s = ui.wait_for("KIM, Jong Un").await;
    assert!(
        s.contains("us_ofac_sdn") && s.contains("US-DPRK") || s.contains("North Korea"),
        "{s}"
    );
    ui.shot("02-screen").await;
    // Switching the profile re-classifies in place (htmx).
    let select =
        ui.c.find(Locator::Css("select[name=profile]"))
            .await
            .unwrap();
    select.select_by_value("us").await.unwrap();
    ui.wait_for("binding").await;
    ui.click("ol.hits li:first-child a.caption").await;
    let s = ui.wait_for("Why this score").await;
    assert!(s.contains("Field by field") && s.contains("김정은"), "{s}");
    ui.shot("03-hit-detail").await;

    // Import a register (one true hit, one XSS probe) and screen it.
    ui.go("/ui/register").await;
    let records = concat!(
        r#"{"id": "c1", "schema": "Person", "properties": {"name": ["Kim Jong Un"], "birthDate": ["1990-05-05"]}}"#,
        "\n",
        r#"{"id": "c2", "schema": "Person", "properties": {"name": ["<script>alert(1)</script> Kim Jong Un"]}}"#,
        "\n",
        r#"{"id": "c3", "schema": "Person", "properties": {"name": ["Mary Smith"]}}"#,
        "\n",
        r#"{"id": "c4", "schema": "Person", "properties": {"name": ["محمد علي"]}}"#,
    );
    ui.fill("#body", records).await;
    ui.click("form.import button[type=submit]").await;
    let s = ui.wait_for("Imported: 4 added").await;
    assert!(s.contains("alerts raised"), "{s}");
    ui.shot("04-register").await;

    // The queue: open alerts, counts per status; the probe is text.
    ui.go("/ui/alerts").await;
    let s = ui.text().await;
    assert!(s.contains("c1") && s.contains("KIM, Jong Un"), "{s}");
    ui.shot("05-queue").await;
    // Keyboard: j selects the first row, Enter opens it.
    for key in ['j', '\u{E007}'] {
        let keys = fantoccini::actions::KeyActions::new("kb".into())
            .then(fantoccini::actions::KeyAction::Down { value: key })
            .then(fantoccini::actions::KeyAction::Up { value: key });
        ui.c.perform_actions(keys).await.unwrap();
    }
    ui.wait_for("Customer and listed record").await;
    ui.go("/ui/alerts?list=us_ofac_sdn").await;
    assert!(ui.text().await.contains("KIM, Jong Un"));
    ui.go("/ui/alerts?list=un_sc").await;
    assert!(!ui.text().await.contains("KIM, Jong Un"));
    ui.go("/ui/register").await;
    assert!(ui.text().await.contains("محمد علي"));
    ui.go("/ui/register/c2").await;
    assert!(
        ui.text()
            .await
            .contains("<script>alert(1)</script> Kim Jong Un")
    );
    let inline: i64 =
        ui.c.execute(
            "return document.querySelectorAll('script:not([src])').length",
            vec![],
        )
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert_eq!(inline, 0, "a listed or customer value became a script");

    // Open c1's alert: two columns, the explanation; decide false positive
    // with accept.
    ui.go("/ui/alerts?customer=c1").await;
    ui.click("table.queue tbody tr:first-child td a").await;
    let s = ui.wait_for("Customer and listed record").await;
    assert!(
        s.contains("1990-05-05") && s.contains("Why this score"),
        "{s}"
    );
    let alert_path = ui.path().await;
    let opened = ui.c.current_url().await.unwrap();
    let opened = format!("{alert_path}?{}", opened.query().unwrap_or(""));
    assert!(opened.contains("back="), "{opened}");
    // Take it: the queue then finds it under "assigned to me", not under
    // "nobody"; its class and regimes filter too.
    ui.click("form[action$='/assign'] button").await;
    let s = ui.wait_for("assigned to ana").await;
    let class = ["binding", "exposure", "informational"]
        .into_iter()
        .find(|c| {
            s.split("under the run's profile")
                .next()
                .is_some_and(|head| head.trim_end().ends_with(c))
        })
        .unwrap_or_else(|| panic!("no class on the alert page:\n{s}"));
    assert!(
        s.contains("alert.assign"),
        "assignment not in the events:\n{s}"
    );
    for (query, present) in [
        ("assignee=me", true),
        ("assignee=nobody", false),
        ("assignee=sue", false),
        (&format!("class={class}&assignee=ana") as &str, true),
        ("regime=UN-1718&assignee=me", false),
        ("regime=US-DPRK&assignee=me", true),
    ] {
        ui.go(&format!("/ui/alerts?{query}")).await;
        let s = ui.text().await;
        assert_eq!(s.contains("KIM, Jong Un"), present, "{query}:\n{s}");
    }
    // A form posted without its session's CSRF token changes nothing.
    let forged = ui
        .c
        .execute_async(
            &format!(
                "const done = arguments[0]; fetch('{alert_path}/assign', {{method: 'POST', \
                 headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}, body: 'to=&csrf=forged'}}) \
                 .then(r => done(r.status))"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(forged, json!(403));
    ui.go(&opened).await;
    assert!(ui.text().await.contains("assigned to ana"));
    ui.shot("06-alert").await;
    ui.click("input[value=false-positive]").await;
    ui.fill(
        "#reason",
        "different person: born 1990, not the listed 1984",
    )
    .await;
    ui.click("input[name=accept]").await;
    ui.click("#decide button[type=submit]").await;
    let s = ui.wait_for("decided").await;
    assert!(!s.contains("c1"), "c1 still in the open queue:\n{s}");
    // Back in the queue it was opened from, its filter kept.
    let url = ui.c.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("customer=c1"), "{url}");
    ui.go(&alert_path).await;
    let s = ui.text().await;
    assert!(
        s.contains("false-positive") && s.contains("accept-list #"),
        "{s}"
    );
    // A decided alert offers only what the status flow allows: closing.
    let offered: Vec<String> = ui
        .c
        .execute(
            "return Array.from(document.querySelectorAll('input[name=decision]')).map(e => e.value)",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(offered, ["close"]);

    // A reader cannot decide: no form, and analyst pages answer 403.
    ui.sign_out().await;
    ui.sign_in(&reader).await;
    ui.go(&alert_path).await;
    let s = ui.text().await;
    assert!(
        s.contains("403") && s.contains("needs the `analyst` role"),
        "a screener read an alert:\n{s}"
    );
    assert!(
        !s.contains("Alerts\nRegister"),
        "alert links shown to a screener"
    );
    let refused = ui
        .c
        .execute_async(
            &format!(
                "const done = arguments[0]; const csrf = document.querySelector('input[name=csrf]').value; \
                 fetch('{alert_path}/assign', {{method: 'POST', \
                 headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}, body: 'to=rex&csrf=' + csrf}}) \
                 .then(r => done(r.status))"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused, json!(403), "a reader assigned an alert");
    ui.go("/ui/trade").await;
    let s = ui.text().await;
    assert!(
        s.contains("403") && s.contains("needs the `analyst` role"),
        "{s}"
    );
    ui.shot("07-reader-403").await;

    // The supervisor sees the decision in the audit trail, chain verified.
    ui.sign_out().await;
    ui.sign_in(&supervisor).await;
    ui.go("/ui/audit?action=decision").await;
    let s = ui.text().await;
    assert!(
        s.contains("Chain verified") && s.contains("ana") && s.contains("alert:"),
        "{s}"
    );
    ui.shot("08-audit").await;

    // A supervisor assigns an alert, but only to someone with an analyst key.
    ui.go("/ui/alerts?customer=c4").await;
    ui.click("table.queue tbody tr:first-child td a").await;
    ui.wait_for("Customer and listed record").await;
    let c4 = ui.path().await;
    for (who, expect) in [
        ("rex", "holds the screener role"),
        ("zed", "no live API key is named"),
        ("ana", "assigned to ana"),
    ] {
        ui.go(&c4).await;
        ui.fill("form[action$='/assign'] input[name=to]", who).await;
        ui.click("form[action$='/assign'] button").await;
        ui.wait_for(expect).await;
    }

    // Changing the customer reopens the alert (the accept fingerprinted it).
    // This time as an uploaded CSV file.
    ui.go("/ui/register").await;
    let csv = dir.path().join("c1-changed.csv");
    std::fs::write(
        &csv,
        "id,schema,name,birthDate\nc1,Person,Kim Jong Un,1984-01-08\n",
    )
    .unwrap();
    ui.c.find(Locator::Css("input[type=file]"))
        .await
        .unwrap()
        .send_keys(&csv.display().to_string())
        .await
        .unwrap();
    ui.click("form.import button[type=submit]").await;
    ui.wait_for("1 changed").await;
    ui.go("/ui/alerts?customer=c1").await;
    let s = ui.text().await;
    assert!(
        s.contains("c1") && s.contains("KIM"),
        "no open alert for c1 after the change:\n{s}"
    );
    ui.go("/ui/register/c1").await;
    assert!(
        ui.text()
            .await
            .contains("birthDate: 1990-05-05 → 1984-01-08")
    );
    ui.shot("09-customer").await;

    // Runs and lists.
    ui.go("/ui/runs").await;
    ui.click("form.filters button[type=submit]").await;
    ui.wait_for("finished").await;
    ui.shot("10-run").await;
    ui.go("/ui/lists").await;
    assert!(ui.text().await.contains("us_ofac_sdn"));
    ui.shot("11-lists").await;
    ui.go(&format!("/ui/lists/diff?old={old_un}&new={new_un}"))
        .await;
    let s = ui.text().await;
    assert!(
        s.contains("added") && s.contains("removed") && s.contains("changed"),
        "{s}"
    );
    assert!(!s.contains(" 0 added · 0 removed · 0 changed"), "{s}");
    ui.shot("11b-diff").await;

    // The 2017 coal cap: reports through the form, the chart with notices.
    for (date, t, usd) in [
        ("2017-01", "1440000", "123000000"),
        ("2017-02", "2500000", "150000000"),
        ("2017-03", "1000000", "60000000"),
        ("2017-04", "500000", "32000000"),
    ] {
        ui.go("/ui/caps?cap=coal-2321&at=2017-12-31").await;
        ui.fill(
            "form[method=post][action=\"/ui/caps\"] input[name=state]",
            "cn",
        )
        .await;
        ui.fill(
            "form[method=post][action=\"/ui/caps\"] input[name=date]",
            date,
        )
        .await;
        ui.fill(
            "form[method=post][action=\"/ui/caps\"] input[name=quantity]",
            t,
        )
        .await;
        ui.fill(
            "form[method=post][action=\"/ui/caps\"] input[name=unit]",
            "t",
        )
        .await;
        ui.fill(
            "form[method=post][action=\"/ui/caps\"] input[name=value]",
            usd,
        )
        .await;
        let cap =
            ui.c.find(Locator::Css(
                "form[method=post][action=\"/ui/caps\"] select[name=cap]",
            ))
            .await
            .unwrap();
        cap.select_by_value("coal-2321").await.unwrap();
        ui.click("form[method=post][action=\"/ui/caps\"] button")
            .await;
        ui.wait_for(" % used").await;
    }
    ui.go("/ui/caps?cap=coal-2321&at=2017-12-31").await;
    let s = ui.text().await;
    assert!(
        s.contains("75 % reached on") && s.contains("90 % reached on"),
        "{s}"
    );
    let points: i64 =
        ui.c.execute(
            "return document.querySelectorAll('svg.chart circle.point').length",
            vec![],
        )
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert!(points >= 4, "{points} points on the chart");
    ui.shot("12-caps").await;

    // Trade: a shipment check with its reasons (supervisor ⊃ analyst).
    ui.go("/ui/trade").await;
    ui.click("form.import button[type=submit]").await;
    let s = ui.wait_for("Verdict").await;
    assert!(s.contains("Reasons"), "{s}");
    ui.shot("13-trade").await;

    // A run in progress updates in place: a run from another process holds
    // after its last batch until the page has shown it running.
    let held = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let runner = {
        let (dir, held) = (dir.path().to_path_buf(), held.clone());
        std::thread::spawn(move || {
            let mut lib = embargo::Library::open(&dir).unwrap().with_actor("batch");
            lib.run(embargo::monitor::RunMode::Full, None, None, &|_, _| {
                let t = Instant::now();
                while held.load(std::sync::atomic::Ordering::SeqCst) {
                    assert!(t.elapsed() < Duration::from_secs(60), "never released");
                    std::thread::sleep(Duration::from_millis(50));
                }
            })
            .unwrap()
        })
    };
    let t = Instant::now();
    let running = loop {
        ui.go("/ui/runs").await;
        let rows: Vec<String> = ui
            .text()
            .await
            .lines()
            .filter(|l| l.contains(" running "))
            .map(str::to_string)
            .collect();
        if let Some(id) = rows.first().and_then(|r| r.split_whitespace().next()) {
            break id.to_string();
        }
        assert!(t.elapsed() < Duration::from_secs(60), "no running run seen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    ui.go(&format!("/ui/runs/{running}")).await;
    let s = ui.text().await;
    assert!(s.contains("running") && !s.contains("finished"), "{s}");
    ui.c.execute("window.stillHere = true", vec![])
        .await
        .unwrap();
    held.store(false, std::sync::atomic::Ordering::SeqCst);
    let finished = runner.join().unwrap();
    assert_eq!(finished.id.to_string(), running);
    // No reload: htmx polls and swaps the progress section.
    ui.wait_for("finished").await;
    let same =
        ui.c.execute("return window.stillHere === true", vec![])
            .await
            .unwrap();
    assert_eq!(same, json!(true), "the page was reloaded, not updated");

    // A large screen: the queue and an alert use the width.
    ui.c.set_window_size(1920, 1080).await.unwrap();
    ui.go("/ui/alerts?status=all").await;
    ui.shot("14-queue-1920").await;
    ui.go(&alert_path).await;
    ui.shot("15-alert-1920").await;

    ui.c.close().await.unwrap();
}
