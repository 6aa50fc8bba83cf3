import MailroomCLI

await Entry.main()
