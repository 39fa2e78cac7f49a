// Differential check of the axis analysis: random programs, evaluated for
// random arguments, every claim compared with the actual elements (see the
// script for what is generated). A fixed seed keeps it reproducible; run the
// script with other seeds and larger counts to search further.
// RUN: %python %S/Inputs/axis_info_fuzz.py --tool tessera-opt --seed 1 --count 50
