from lianluo.cli import main

main()
