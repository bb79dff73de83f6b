//! Gadgets, each beside its native twin and its own tests.
pub mod babyjubjub;
pub mod bits;
pub mod cipher;
pub mod country;
pub mod eddsa;
pub mod indexed_merkle;
pub mod interval;
pub mod keywrap;
pub mod merkle;
pub mod poseidon;
pub mod select;
pub mod signed;
