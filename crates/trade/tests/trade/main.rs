//! Black-box tests of embargo-trade: the "Done when" list.

mod caps;
mod common;
mod exemptions;
mod fuzz;
mod measures;
mod profiles;
mod readme;
mod supersession;
