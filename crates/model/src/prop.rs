//! FollowTheMoney property names used by embargo.
//!
//! Values are strings, as in FtM. Dates are ISO-8601 prefixes (`1964`,
//! `1964-07`, `1964-07-17`); countries are lower-case ISO 3166-1 alpha-2
//! codes (see [`crate::country`]).

/// Primary name as listed.
pub const NAME: &str = "name";
/// A strong alias ("a.k.a.", UN alias of quality good).
pub const ALIAS: &str = "alias";
/// A weak alias ("f.k.a." of low quality, nicknames).
pub const WEAK_ALIAS: &str = "weakAlias";
/// A former name.
pub const PREVIOUS_NAME: &str = "previousName";
/// Given name.
pub const FIRST_NAME: &str = "firstName";
/// Middle names.
pub const MIDDLE_NAME: &str = "middleName";
/// Second name, when the list splits names into numbered parts.
pub const SECOND_NAME: &str = "secondName";
/// Family name.
pub const LAST_NAME: &str = "lastName";
/// Patronymic.
pub const FATHER_NAME: &str = "fatherName";
/// Honorific or title (e.g. `Sheikh`, `Dr`).
pub const TITLE: &str = "title";
/// Position or function (e.g. `Minister of ...`).
pub const POSITION: &str = "position";
/// Date of birth (ISO prefix).
pub const BIRTH_DATE: &str = "birthDate";
/// Place of birth, as text.
pub const BIRTH_PLACE: &str = "birthPlace";
/// Country of birth.
pub const BIRTH_COUNTRY: &str = "birthCountry";
/// Nationality (country code).
pub const NATIONALITY: &str = "nationality";
/// Citizenship (country code).
pub const CITIZENSHIP: &str = "citizenship";
/// Country linked to the entity (address, registration).
pub const COUNTRY: &str = "country";
/// Country of registration or incorporation.
pub const JURISDICTION: &str = "jurisdiction";
/// Gender: `male`, `female` or `other`.
pub const GENDER: &str = "gender";
/// Full address text.
pub const ADDRESS: &str = "address";
/// Passport number.
pub const PASSPORT_NUMBER: &str = "passportNumber";
/// National identity or other ID number.
pub const ID_NUMBER: &str = "idNumber";
/// Tax number.
pub const TAX_NUMBER: &str = "taxNumber";
/// Company registration number.
pub const REGISTRATION_NUMBER: &str = "registrationNumber";
/// SWIFT/BIC.
pub const SWIFT_BIC: &str = "swiftBic";
/// E-mail address.
pub const EMAIL: &str = "email";
/// Web site.
pub const WEBSITE: &str = "website";
/// Phone number.
pub const PHONE: &str = "phone";
/// Vessel IMO number (7 digits).
pub const IMO_NUMBER: &str = "imoNumber";
/// Vessel MMSI.
pub const MMSI: &str = "mmsi";
/// Radio call sign.
pub const CALL_SIGN: &str = "callSign";
/// Flag state (country code).
pub const FLAG: &str = "flag";
/// Vessel or aircraft type.
pub const TYPE: &str = "type";
/// Aircraft/vessel build date or year.
pub const BUILD_DATE: &str = "buildDate";
/// Aircraft registration / tail number.
pub const REGISTRATION: &str = "registrationNumber";
/// Aircraft serial number.
pub const SERIAL_NUMBER: &str = "serialNumber";
/// Vessel/aircraft owner as text.
pub const OWNER: &str = "owner";
/// Tonnage.
pub const TONNAGE: &str = "tonnage";
/// Free-text remarks.
pub const NOTES: &str = "notes";
/// Web link to the source record.
pub const SOURCE_URL: &str = "sourceUrl";
/// Listing reasons / statement of case.
pub const SUMMARY: &str = "summary";
/// FtM topics (e.g. `sanction`, `sanction.linked`).
pub const TOPICS: &str = "topics";

/// Properties that hold names, strongest first.
pub const NAME_PROPS: [&str; 4] = [NAME, ALIAS, PREVIOUS_NAME, WEAK_ALIAS];

/// Properties that hold strong identifiers, compared exactly by matchers.
pub const IDENTIFIER_PROPS: [&str; 7] = [
    PASSPORT_NUMBER,
    ID_NUMBER,
    IMO_NUMBER,
    MMSI,
    TAX_NUMBER,
    REGISTRATION_NUMBER,
    SWIFT_BIC,
];
