//! Sensitivity designs and estimators (being written).
