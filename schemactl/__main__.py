from schemactl.cli import main

main()
