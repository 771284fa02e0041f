from cthr.cli import main

main()
