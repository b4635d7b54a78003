//! Every constant of scoring, as data: how much a token weighs by role, how
//! alike two tokens are by the rule that matched them, what unmatched
//! tokens and conflicts cost in a name, and what birth dates, identifiers,
//! countries and gender do to a score.
//!
//! [`Weights::default`] is what every evaluation figure was measured with;
//! the field docs say why each value is what it is. The index holds one
//! ([`Index::build_with`](crate::Index::build_with)) and the scorer reads it.
//! Candidate generation has limits and factors of its own (in `index`):
//! they decide which entities are scored, not their scores.

use embargo_names::TokenRole;

/// The scoring constants.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Token weight by role.
    pub roles: RoleWeights,
    /// Token-to-token similarities.
    pub tokens: TokenWeights,
    /// Costs and penalties of aligning two names.
    pub names: NameWeights,
    /// Effects of the features beside the name.
    pub entity: EntityWeights,
}

/// What a token weighs by its role, before its rarity (`idf`).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleWeights {
    /// A name part: the evidence.
    pub name: f32,
    /// A single letter, probably an initial.
    pub initial: f32,
    /// A name particle (`al`, `bin`, `van`).
    pub particle: f32,
    /// A company legal form.
    pub legal_form: f32,
    /// A function word.
    pub stopword: f32,
    /// An honorific, rank or title.
    pub title: f32,
}

/// How alike two tokens are, by the rule that matched them.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenWeights {
    /// Similarity of a shared Korean reading or variant group.
    pub key: f32,
    /// ... of a Korean reading shared by short tokens (single syllables:
    /// `Ri`~`Lee`, `Jong`~`Chong` are real variants, but of one syllable).
    pub short_korean: f32,
    /// ... of a variant group shared by short tokens. Wikidata groups list
    /// the Chinese, Korean and Japanese readings of one character together
    /// (`gui`~`kyong`), so on single syllables this is weak evidence.
    pub short_variant: f32,
    /// ... of a Korean reading of one Han character, Sino-Korean or of its
    /// pinyin (`陈` 진 ~ `Jin`; `李` ~ `Lee`).
    pub hanja_syllable: f32,
    /// A name and its nickname (`bob`~`robert`), whatever their length.
    pub nickname: f32,
    /// Two legal forms of the same type (`ooo`~`llc`).
    pub legal_form: f32,
    /// Equal phonetic codes of tokens of 5+ letters that are otherwise far
    /// apart. Phonetic codes help find names, never decide alone: one exact
    /// token and one phonetic-only token must stay under the default
    /// threshold 0.8, i.e. `(1 + p²/0.8) / 2 < 0.8`, `p < 0.69` (at 0.7,
    /// `Anthony Albano` matched `Anthony Albanese` at 0.806).
    pub phonetic: f32,
    /// Factor on the similarity of a Hangul foreign name's reading and a
    /// Latin spelling (readings lose letters: `ㅂ` is `b` and `v`).
    pub loan_factor: f32,
    /// Similarity of a Wade–Giles token and its pinyin spelling (also of
    /// Wade–Giles or Han syllables against pinyin written together).
    pub wade_giles: f32,
    /// Factor on the similarity of two tokens' plain respellings: strong but
    /// not exact evidence.
    pub orthography_factor: f32,
    /// Least similarity of respellings that counts. A loose respelled
    /// likeness (`Felipe` ~ `Philippe` 0.74) added alerts on the negatives
    /// and no finds.
    pub orthography_min: f32,
    /// Factor on the similarity of a Cyrillic token's second spelling (`dzh`
    /// read `j`, `kh` read `h`): strong but not exact evidence.
    pub cyrillic_factor: f32,
    /// Similarity of a name and the same name with a short ending added.
    pub ending: f32,
    /// A truncated form against the full word.
    pub abbreviation: f32,
    /// An initial against a name starting with it.
    pub initial: f32,
    /// Katakana and Latin compared through their readings: an identical
    /// reading is strong but not exact evidence.
    pub katakana_factor: f32,
    /// Two texts equal once runs of a repeated letter are written once.
    pub repeats: f32,
    /// Two texts with the same consonants in the same order. Measured:
    /// name_bench F1 0.835 → 0.844, false alerts on the negatives 0.62 →
    /// 0.66 per 1,000.
    pub vowels: f32,
    /// Similarity above which two Cyrillic tokens are not compared letter
    /// by letter again.
    pub weak_letters: f32,
    /// Factor on a likeness of spelling between a token in Han characters
    /// and one in other letters.
    pub han_spelled_otherwise: f32,
    /// Added to the similarity of equal consonant skeletons when every long
    /// vowel the Arabic-script token writes is in the Latin spelling
    /// (`abjad::vowel_disagreements`). On the Wikidata name groups
    /// (`loanword_check`) the vowels agree for 93.8 % of a word's own Latin
    /// spellings with its skeleton and 23.4 % of other names': strong
    /// evidence against when they disagree, some for when they agree.
    /// Measured on `un_arabic_uk.jsonl` (bonus / penalty), first with its
    /// 356 negatives: 0 / 0 recall at threshold 0.246 with 8.43 false alerts
    /// per 1,000; 0 / 0.2: 0.241, 2.81; 0.05 / 0.2: 0.404, 11.2. Then, with
    /// the later Arabic rules and 335 negatives: 0.05 / 0.2: 0.529, 20.9 (7
    /// alerts, each a name identical to a listed one); 0.1 / 0.2: 0.663,
    /// 50.7 (17 alerts: 8 identical names, 8 a listed name with a
    /// relative's given name before it, as `سعد برزان إبراهيم حسن التكريتي`
    /// / `Barzan Ibrahim Hassan AL-TIKRITI`, which alerts in Latin letters
    /// too, at 0.867, and one reordered). 0.1 makes a name in Arabic script
    /// score as its Latin spelling does.
    pub vowels_agree: f32,
    /// Taken from it when one is not.
    pub vowels_disagree: f32,
    /// Similarity of an Arabic-script name of one consonant and a Latin
    /// spelling with its long vowels (`abjad::one_consonant_agrees`): as for
    /// equal two-consonant skeletons whose vowels agree (0.7 + 0.1).
    /// Measured against 0.7 (the equal two-consonant similarity without the
    /// vowel bonus): the vowel check tells one-consonant names apart as well
    /// as longer ones on the Wikidata groups (`loanword_check`, `SHORT=1`:
    /// 94.4 % of own spellings agree, 27.2 % of other names with the
    /// consonant; 93.9 and 23.6 % for longer skeletons). UN Arabic-script
    /// names → UK at the threshold 0.685 → 0.730, false alerts unchanged
    /// (also on the US negatives, names only).
    pub one_consonant: f32,
    /// Similarity of equal consonant skeletons (`mhmd` of `محمد` and of
    /// `Muhammad`) of two consonants. Equal skeletons are good but not exact
    /// evidence, and weak when short: `mr` is `Omar`, `Amir` or `Umar` (and
    /// `mhmd` `Mahmoud` too).
    pub skeleton_2: f32,
    /// ... of three consonants. Measured on `un_arabic_uk.jsonl` (`eval
    /// prepare`): recall@1 0.53 → 0.80 with the Arabic rules; 3-letter
    /// skeletons at 0.75 instead of 0.8 gave fewer false alerts (2.8 vs 8.4
    /// per 1,000 recombined names) but halved recall at the threshold (0.08
    /// vs 0.19).
    pub skeleton_3: f32,
    /// ... of four or more.
    pub skeleton_long: f32,
    /// Factor on the edit similarity of two different skeletons of four or
    /// more consonants.
    pub skeleton_edit_factor: f32,
}

/// What aligning two names costs and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct NameWeights {
    /// Minimum token similarity for two tokens to be aligned at all (edit
    /// similarities below it are not computed).
    pub min_pair: f32,
    /// Token similarities below this are weak evidence (a phonetic code, a
    /// variant of one syllable, two or more edits in a short name), and
    /// count for `s²/weak_pair` instead of `s`: `Anthony Albano` is not
    /// `Anthony Albanese` because the first names agree. Measured: false
    /// alerts on the negatives 0.84 → 0.56 per 1,000 (names only 2.30 →
    /// 1.62), UN recall unchanged, name_bench F1 0.821 → 0.817.
    pub weak_pair: f32,
    /// Share of the weight of unmatched candidate tokens counted against
    /// the score.
    pub extra_candidate_cost: f32,
    /// Share of the weight of unmatched query tokens counted against the
    /// score: lists often carry a short form of a longer name.
    pub extra_query_cost: f32,
    /// ... when it is a person's name the candidate leaves out (nothing
    /// stands in its place; see `align` for when). Lists carry short forms
    /// of long names (`UMAR PATEK [ABDULLAH ANSHORI]`), customers' records
    /// long forms.
    pub omitted_query_cost: f32,
    /// Share of the weight of an unmatched middle name of a listed person
    /// (between two matched tokens, nothing in its place in the query:
    /// `SIRAJUDDIN [JALLALOUDINE] HAQQANI`).
    pub omitted_middle_cost: f32,
    /// ... and of an unmatched first or last name of a listed person,
    /// nothing in its place in the query (`[Alexandre] Boris de Pfeffel
    /// Johnson`).
    ///
    /// The three costs were measured together (session 10, threshold
    /// 0.80), against 0.5 / 0.4 / 0.55 before: name_bench F1 0.884 → 0.901,
    /// false alerts on the negatives 0.58 → 1.10 per 1,000 (names only 1.40
    /// → 2.88: `Mark Albert Taylor` / `TAYLOR, Mark`, `Michael Miller` /
    /// `Scott Michael Miller`, names a reviewer should see when nothing
    /// else tells them apart), UN Arabic names → UK recall@1 0.909 → 0.904
    /// and recombined Arabic negatives 59.7 → 50.7, UK → UN recall@1 0.996
    /// → 0.995.
    pub omitted_outer_cost: f32,
    /// Share of the weight of an unmatched candidate token of a person's
    /// name when the query has an unmatched name in its place. Measured
    /// against 0.55: name_bench F1 0.848 → 0.852 (four false positives such
    /// as `ABDUL KABIR ABDUL JAN` / `ABDUL KABIR MOHAMMAD JAN` gone), other
    /// figures unchanged.
    pub substituted_candidate_cost: f32,
    /// Cost of an unmatched patronymic, relative to other unmatched tokens
    /// (`Vladimir [Vladimirovich] Putin`); two different patronymics count in
    /// full.
    pub patronymic_cost: f32,
    /// Share of the weight of an unmatched Arabic article (`al`, and the
    /// forms it takes before some letters, `ad`, `ash`...) counted against
    /// the score: Arabic script always writes it, Latin spellings often
    /// leave it out or join it (`انصار الدين` ~ `ANSAR DINE`, `Essaadi`).
    /// Measured against 1.0: UN Arabic-script names → UK recall at the
    /// threshold 0.674 → 0.685, false alerts unchanged (names only 1.80 →
    /// 1.82 per 1,000).
    pub article_cost: f32,
    /// Share of the weight of an unmatched country or region in an
    /// organisation's name (see `align`). Measured against 1.0: name_bench
    /// F1 0.877 → 0.884 (`faberlic` / `FABERLIC EUROPE Sp. z o.o.`,
    /// `Deutsche Bank (Schweiz) AG`), false alerts unchanged. (A first
    /// version also discounted a place after `in`, and `JUND AL-KHILAFAH IN
    /// ALGERIA` ranked another group's alias `Jund al Khilafah` first: UK →
    /// UN recall@1 0.997 → 0.996, back since a place after a function word
    /// is part of the name.)
    pub place_cost: f32,
    /// Factor for an initial facing another name or initial. Measured:
    /// name_bench false positives `Frost, William G.` / `William W Frost`
    /// gone.
    pub conflicting_initials: f32,
    /// Factor for a surname in its feminine form facing its masculine form
    /// (`Baranova` / `Baranov`): Slavic surnames say the bearer's gender, so
    /// these are two people.
    pub conflicting_gender: f32,
    /// Ceiling of the score of a name made of initials only.
    pub initials_only_max: f32,
    /// Factor on the Korean reading of a Han character in a name whose
    /// other Han characters meet the other name in their Chinese reading
    /// (`萍 许` / `Bing Xu`: `许` is `xu` in pinyin, 허 in Korean).
    pub mixed_readings: f32,
    /// A romanised Korean given name written as one word against two
    /// syllables sharing its Korean reading (as for one shared reading).
    pub korean_split: f32,
    /// Factor for a katakana token standing for two (as for katakana
    /// readings).
    pub katakana_split: f32,
    /// Least similarity for one token to stand for two written apart.
    pub min_split: f32,
    /// Similarity of an acronym and the tokens it abbreviates.
    pub acronym: f32,
    /// Penalty factor when both names carry legal forms and none matches:
    /// `Deutsche Bank AG` and `Deutsche Bank GmbH` are two companies.
    /// Measured: name_bench F1 0.865 → 0.867 (two false positives gone), no
    /// other evaluation moved.
    pub different_legal_forms: f32,
    /// Penalty factor when the father's name of an Arabic name (after
    /// `bin`, `ibn`, `bint`) aligns with another part of the other name:
    /// `Salman bin Muhammad` is the son of Muhammad, not `Muhammad bin
    /// Salman`.
    pub swapped_lineage: f32,
    /// Penalty factor when two syllables of a Hangul name align in the
    /// reverse order (은정 김 against 김정은): token order is free between
    /// name parts, not inside a given name.
    pub swapped_syllables: f32,
    /// Minimum similarity of the joined forms (`SergeiLavrov` = `Sergei
    /// Lavrov`) for a split/join to count.
    pub min_joined: f64,
    /// Factor on a name score obtained on a former name.
    pub previous_name: f32,
    /// ... on a weak (low-quality) alias.
    pub weak_alias: f32,
}

/// A feature's outcome: its own score (1 agrees, 0 conflicts) and how much
/// it moves the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// The feature's score in `[0, 1]`.
    pub score: f32,
    /// Added to the total score.
    pub effect: f32,
}

/// The features beside the name: birth date, identifiers, countries,
/// gender.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityWeights {
    /// Birth date: the same full date.
    pub same_date: Effect,
    /// ... the same year, day and month swapped.
    pub day_month_swapped: Effect,
    /// ... the same year, another month.
    pub other_month: Effect,
    /// ... the same year and month, another day.
    pub other_day: Effect,
    /// ... the same year (no more is known on one side).
    pub same_year: Effect,
    /// ... one year apart.
    pub one_year_apart: Effect,
    /// ... no listed date within a year.
    pub different_year: Effect,
    /// An identical identifier lifts the score to at least this:
    /// near-conclusive...
    pub identical_id: f32,
    /// ... or to this when the name score is under
    /// [`EntityWeights::weak_name`] (an IMO number lifts to
    /// [`EntityWeights::identical_id`] whatever the name).
    pub identical_id_weak_name: f32,
    /// Name score under which an identical identifier is less conclusive.
    pub weak_name: f32,
    /// Taken from the score by a different document number of the same
    /// kind: people hold several passports...
    pub other_document: f32,
    /// ... and by a different IMO, MMSI or BIC: vessels have one IMO
    /// number.
    pub other_identifier: f32,
    /// Added when a query country is one of the entity's.
    pub country_agrees: f32,
    /// Added when none is.
    pub country_differs: f32,
    /// Added when the genders agree.
    pub gender_agrees: f32,
    /// Added when they differ.
    pub gender_differs: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            roles: RoleWeights {
                name: 1.0,
                initial: 0.35,
                particle: 0.3,
                legal_form: 0.15,
                stopword: 0.1,
                title: 0.05,
            },
            tokens: TokenWeights {
                key: 0.92,
                short_korean: 0.85,
                short_variant: 0.6,
                hanja_syllable: 0.75,
                nickname: 0.9,
                legal_form: 0.8,
                phonetic: 0.68,
                loan_factor: 0.95,
                wade_giles: 0.9,
                orthography_factor: 0.95,
                orthography_min: 0.8,
                cyrillic_factor: 0.95,
                ending: 0.8,
                abbreviation: 0.85,
                initial: 0.8,
                katakana_factor: 0.95,
                repeats: 0.9,
                vowels: 0.8,
                weak_letters: 0.9,
                han_spelled_otherwise: 0.8,
                vowels_agree: 0.1,
                vowels_disagree: 0.2,
                one_consonant: 0.8,
                skeleton_2: 0.7,
                skeleton_3: 0.8,
                skeleton_long: 0.85,
                skeleton_edit_factor: 0.85,
            },
            names: NameWeights {
                min_pair: 0.6,
                weak_pair: 0.8,
                extra_candidate_cost: 0.55,
                extra_query_cost: 0.8,
                omitted_query_cost: 0.25,
                omitted_middle_cost: 0.35,
                omitted_outer_cost: 0.35,
                substituted_candidate_cost: 1.0,
                patronymic_cost: 0.3,
                article_cost: 0.5,
                place_cost: 0.2,
                conflicting_initials: 0.9,
                conflicting_gender: 0.9,
                initials_only_max: 0.7,
                mixed_readings: 0.8,
                korean_split: 0.92,
                katakana_split: 0.95,
                min_split: 0.85,
                acronym: 0.85,
                different_legal_forms: 0.85,
                swapped_lineage: 0.7,
                swapped_syllables: 0.7,
                min_joined: 0.9,
                previous_name: 0.98,
                weak_alias: 0.9,
            },
            entity: EntityWeights {
                same_date: Effect::new(1.0, 0.08),
                day_month_swapped: Effect::new(0.8, 0.04),
                other_month: Effect::new(0.5, -0.05),
                other_day: Effect::new(0.6, -0.02),
                same_year: Effect::new(0.9, 0.05),
                one_year_apart: Effect::new(0.4, -0.05),
                different_year: Effect::new(0.0, -0.15),
                identical_id: 0.97,
                identical_id_weak_name: 0.85,
                weak_name: 0.4,
                other_document: 0.05,
                other_identifier: 0.25,
                country_agrees: 0.03,
                country_differs: -0.07,
                gender_agrees: 0.0,
                gender_differs: -0.15,
            },
        }
    }
}

impl Effect {
    /// An effect with its feature score.
    pub const fn new(score: f32, effect: f32) -> Effect {
        Effect { score, effect }
    }
}

impl RoleWeights {
    /// The weight of a role.
    pub fn of(&self, role: TokenRole) -> f32 {
        match role {
            TokenRole::Name => self.name,
            TokenRole::Initial => self.initial,
            TokenRole::Particle => self.particle,
            TokenRole::LegalForm => self.legal_form,
            TokenRole::Stopword => self.stopword,
            TokenRole::Title => self.title,
        }
    }
}

impl Weights {
    /// Weight of a token given its rarity weight (`idf`, about 1 for the
    /// most common tokens) and its role.
    pub fn token_weight(&self, role: TokenRole, idf: f32) -> f32 {
        self.roles.of(role) * idf
    }

    /// Edit similarities below this are reported as 0: alignment drops
    /// pairs under [`NameWeights::min_pair`], so computing them is wasted
    /// (the margin keeps a similarity of exactly `min_pair`). Likewise two
    /// Hangul syllables (종 vs 정) or Han characters (石 vs 市, both `shi`)
    /// that differ are 0.
    pub fn edit_floor(&self) -> f32 {
        self.names.min_pair - 1e-4
    }
}
