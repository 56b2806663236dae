complete --keep-order --exclusive --command cvpn --arguments "(COMPLETE=fish cvpn -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
