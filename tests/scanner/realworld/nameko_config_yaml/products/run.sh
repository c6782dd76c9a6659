#!/bin/bash

nameko run --config config.yml products.service
