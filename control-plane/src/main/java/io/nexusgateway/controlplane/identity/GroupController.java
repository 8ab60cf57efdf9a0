package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping(path = "/api/v1/groups", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Groups", description = "Groups of users, for grants (admin only); members are set on the user")
@SecurityRequirement(name = "bearer")
class GroupController {
    private final GroupService groups;

    GroupController(GroupService groups) {
        this.groups = requireNonNull(groups, "groups is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a group", description = "{\"name\",\"description\"}")
    ResponseEntity<GroupView> create(@RequestBody GroupRequest request) {
        GroupView created = groups.createGroup(request);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{name}")
                        .buildAndExpand(created.name())
                        .toUri())
                .body(created);
    }

    @GetMapping
    @Operation(summary = "List groups with their members")
    List<GroupView> list() {
        return groups.listGroups();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Get a group with its members")
    GroupView get(@PathVariable String name) {
        return groups.getGroup(name);
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a group", description = "Its memberships and grants go with it; the users stay.")
    ResponseEntity<Void> delete(@PathVariable String name) {
        groups.deleteGroup(name);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
