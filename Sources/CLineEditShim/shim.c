// libedit wrappers; see include/CLineEditShim.h
