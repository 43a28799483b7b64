package io.taskgrid.controller;

import io.taskgrid.controller.dedup.DuplicateCheck;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.mail.MailReports;
import io.taskgrid.controller.retention.HistoryRetention;
import io.taskgrid.controller.scheduling.Scheduler;
import io.taskgrid.controller.status.GridStatusTaker;
import io.taskgrid.controller.status.RecentProblems;
import io.taskgrid.controller.submission.SubmissionValidator;

import java.time.Clock;

/** What the remote sessions work with; built once by {@link ControllerServer}. */
record Grid(TaskStore store, Scheduler scheduler, EventHub hub, SubmissionValidator validator, Sessions sessions,
            Clock clock, int port, String sharedRoot, int maxProcesses, DuplicateCheck duplicates, MailReports mail,
            TaskAccess access, HistoryRetention retention, RecentProblems problems, GridStatusTaker status) {
}
