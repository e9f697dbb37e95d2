"""After adoption: status entries, the yearly action plan and its rolling, the annual report."""
