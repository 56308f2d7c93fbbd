//! PRIM scenario discovery (being written).
