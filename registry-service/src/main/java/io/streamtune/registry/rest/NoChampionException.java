package io.streamtune.registry.rest;

import io.streamtune.storage.NotFoundException;

/** The model exists but has no champion yet: a 404 with its own code ({@code no_champion}) so apps can wait for one. */
class NoChampionException extends NotFoundException {

    NoChampionException(String message) {
        super(message);
    }
}
