from tiparchive.cli import main

raise SystemExit(main())
