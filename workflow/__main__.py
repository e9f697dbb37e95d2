from workflow.cli.main import main

main(prog_name="plan")
