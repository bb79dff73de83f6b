//! Allow-lists of countries for the origin-in-list claim.
use crate::codes::Country;
use crate::error::{Error, Result};
use ark_bn254::Fr;
use tradeproof_circuits::claims::origin_in_list::allow_list;
use tradeproof_circuits::gadgets::merkle::MerkleTree;

/// An allow-list of countries (e.g. the partners of a free-trade agreement), committed as a Merkle root.
#[derive(Clone, Debug)]
pub struct AllowList {
    countries: Vec<Country>,
    tree: MerkleTree,
}

impl AllowList {
    /// Builds the list (at most 256 countries, no repeats).
    pub fn new(countries: &[Country]) -> Result<Self> {
        let mut sorted = countries.to_vec();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != countries.len() {
            return Err(Error::InvalidClaim(
                "a country appears twice in the allow-list".into(),
            ));
        }
        let codes: Vec<u16> = countries.iter().map(|c| c.numeric()).collect();
        let tree = allow_list(&codes).ok_or_else(|| {
            Error::InvalidClaim("allow-list too long (at most 256 countries)".into())
        })?;
        Ok(Self {
            countries: countries.to_vec(),
            tree,
        })
    }

    /// The public root.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    pub(crate) fn tree(&self) -> &MerkleTree {
        &self.tree
    }
}
